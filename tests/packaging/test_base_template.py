"""cms_blocks/base.html is the one template of the extension that extends the host's base
template, named by CMS_BLOCKS_BASE_TEMPLATE (default "base.html")."""

import re
from pathlib import Path

from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

import cms_blocks

TEMPLATES_DIR = Path(cms_blocks.__file__).resolve().parent / "templates"
HOST_TEMPLATES = {
    "base.html": "SITE<title>{% block title %}{% endblock %}</title>"
    "{% block content %}{% endblock %}",
    "city/layout.html": "CITY<title>{% block title %}sin título{% endblock %}</title>"
    "<main>{% block content %}{% endblock %}</main>",
    "child.html": '{% extends "cms_blocks/base.html" %}{% block content %}BODY{% endblock %}',
}
ENGINE = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                ("django.template.loaders.locmem.Loader", HOST_TEMPLATES),
                "django.template.loaders.app_directories.Loader",
            ],
            "context_processors": ["cms_blocks.context_processors.cms_blocks"],
        },
    }
]


def render(context):
    return render_to_string("child.html", context, request=RequestFactory().get("/"))


@override_settings(TEMPLATES=ENGINE)
def test_by_default_the_extension_extends_base_html():
    html = render({"page_title": "Compromisos"})
    assert html.startswith("SITE") and "<title>Compromisos</title>" in html and "BODY" in html


@override_settings(TEMPLATES=ENGINE, CMS_BLOCKS_BASE_TEMPLATE="city/layout.html")
def test_the_setting_names_the_hosts_base_template():
    html = render({"page_title": "Compromisos"})
    assert html.startswith("CITY") and "<main>BODY</main>" in html
    assert "<title>Compromisos</title>" in html


@override_settings(TEMPLATES=ENGINE, CMS_BLOCKS_BASE_TEMPLATE="city/layout.html")
def test_without_page_title_the_hosts_title_stays():
    assert "<title>sin título</title>" in render({})


def test_every_public_template_extends_the_extensions_base_and_only_it_the_hosts():
    extends = {}
    for path in TEMPLATES_DIR.rglob("*.html"):
        match = re.match(r"\s*\{% extends (\S+)", path.read_text(encoding="utf-8"))
        if match:
            extends[path.relative_to(TEMPLATES_DIR).as_posix()] = match.group(1)
    assert extends.pop("cms_blocks/base.html") == 'cms_blocks_base_template|default:"base.html"'
    admin = {name for name, parent in extends.items() if parent.startswith('"wagtailadmin/')}
    public = {name: parent for name, parent in extends.items() if name not in admin}
    assert len(public) == 11
    assert set(public.values()) == {'"cms_blocks/base.html"'}, public
