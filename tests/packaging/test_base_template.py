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
    "starter/base.html": "<head>{% block extra_css %}<!-- css -->{% endblock %}</head>"
    "{% block content %}{% endblock %}",
    "headed/base.html": "<head>{% block extra_head %}HOST-HEAD{% endblock %}</head>"
    "{% block content %}{% endblock %}",
    "child.html": '{% extends "cms_blocks/base.html" %}{% block content %}BODY{% endblock %}',
    "child_head.html": '{% extends "cms_blocks/base.html" %}'
    '{% block extra_head %}<link rel="stylesheet" href="/qr.css">{% endblock %}',
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


def render(context, name="child.html"):
    return render_to_string(name, context, request=RequestFactory().get("/"))


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


@override_settings(TEMPLATES=ENGINE, CMS_BLOCKS_BASE_TEMPLATE="starter/base.html")
def test_head_content_goes_to_extra_css_when_the_host_has_no_extra_head():
    # `wagtail start`'s base template has extra_css, not extra_head (the QR sheet's styles).
    html = render({}, "child_head.html")
    assert html.startswith('<head><!-- css --><link rel="stylesheet" href="/qr.css"></head>')


@override_settings(TEMPLATES=ENGINE, CMS_BLOCKS_BASE_TEMPLATE="headed/base.html")
def test_head_content_goes_to_the_hosts_extra_head_and_keeps_its_own():
    assert render({}, "child_head.html").count("/qr.css") == 1
    assert "<head>HOST-HEAD</head>" in render({})


def test_every_public_template_extends_the_extensions_base_and_only_it_the_hosts():
    extends = {}
    for path in TEMPLATES_DIR.rglob("*.html"):
        match = re.match(r"\s*\{% extends (\S+)", path.read_text(encoding="utf-8"))
        if match:
            extends[path.relative_to(TEMPLATES_DIR).as_posix()] = match.group(1)
    assert extends.pop("cms_blocks/base.html") == 'cms_blocks_base_template|default:"base.html"'
    admin = {name for name, parent in extends.items() if parent.startswith('"wagtailadmin/')}
    public = {name: parent for name, parent in extends.items() if name not in admin}
    assert len(public) == 20  # the tag index and a tag's page included
    assert set(public.values()) == {'"cms_blocks/base.html"'}, public
