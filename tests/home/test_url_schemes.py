"""Every link an editor types is scheme-checked: no javascript:, data: or //host anywhere."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.validators import validate_link
from home.models import EntitySettings

# Models editors write (search holds derived index rows, not typed links).
PROJECT_APPS = {"cms_blocks", "home", "participation"}
HOSTILE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//evil.example/x",
    "/\\evil.example",
]


def safe(cleaned):
    return str(cleaned).startswith(("https://", "http://"))


def link_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.URLField) or field.name.endswith("url"):
                yield model, field


def test_the_walk_finds_the_link_fields():
    names = {f"{m.__name__}.{f.name}" for m, f in link_fields()}
    assert {
        "EntitySettings.data_policy_url",
        "Institution.website",
        "Milestone.evidence_url",
    } <= names


@pytest.mark.parametrize("value", HOSTILE)
def test_every_link_field_refuses_unsafe_schemes(value):
    accepted = []
    for model, field in link_fields():
        try:
            cleaned = field.clean(value, model())
        except ValidationError:
            continue
        if not safe(cleaned):
            accepted.append(f"{model.__name__}.{field.name}")
    assert not accepted


def url_blocks(block, path=""):
    if isinstance(block, blocks.URLBlock):
        yield path, block
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from url_blocks(child, f"{path}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from url_blocks(block.child_block, f"{path}[]")


@pytest.mark.parametrize("value", HOSTILE)
def test_every_link_block_refuses_unsafe_schemes(value):
    found = [item for name, block in CONTENT_BLOCKS for item in url_blocks(block, name)]
    assert found, "no URL block found"
    accepted = []
    for path, block in found:
        try:
            cleaned = block.clean(value)
        except ValidationError:
            continue
        if not safe(cleaned):  # Django's form field may add https:// to //host: that is safe
            accepted.append(path)
    assert not accepted


@pytest.mark.parametrize(
    "value", ["/politica-de-datos/", "https://www.cartagena.gov.co/politica", "mailto:datos@x.org"]
)
def test_paths_and_web_addresses_are_accepted(value):
    validate_link(value)


@pytest.mark.django_db
def test_the_settings_form_refuses_javascript_with_a_spanish_message(seeded, client):
    from django.forms import modelform_factory

    form_class = modelform_factory(EntitySettings, fields=["data_policy_url"])
    form = form_class(data={"data_policy_url": "javascript:alert(1)"})
    assert not form.is_valid()
    assert "Escriba una dirección" in form.errors["data_policy_url"][0]
