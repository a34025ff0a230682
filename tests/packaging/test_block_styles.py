"""The blocks bring their own CSS: cms_blocks/static/cms_blocks/css/blocks.css styles every
class the extension's templates use, except the few a host styles for all its pages."""

import re
from pathlib import Path

import cms_blocks

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(cms_blocks.__file__).resolve().parent
BLOCKS_CSS = PACKAGE / "static" / "cms_blocks" / "css" / "blocks.css"
SITE_CSS = ROOT / "ogp_site" / "static" / "css" / "site.css"
# The host's own typography and controls (docs/adopting.md, "Styles").
HOST_CLASSES = {"button", "button-secondary", "meta", "lead", "h3", "field"}


def css_classes(path):
    """The classes a stylesheet styles; a rule scoped to the site's own header or footer
    (``.site-footer .notice-illustrative``) or to a display mode of its accessibility bar
    (``html.contrast-high .progress-bar``, ``html.text-150 .figures``) restyles them there
    and does not count."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    selectors = [s.strip() for group in re.findall(r"([^{}]+)\{", text) for s in group.split(",")]
    return {
        name
        for selector in selectors
        if not selector.startswith((".site-", "html.contrast-high", "html.text-"))
        for name in re.findall(r"\.([a-zA-Z][\w-]*)", selector)
    }


def template_classes():
    names = set()
    for path in [*PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.py")]:
        for value in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            value = re.sub(r"\{[{%].*?[%}]\}", " ", value)
            names.update(value.split())
    return names


def test_every_styled_class_of_the_extension_is_styled_by_the_extension():
    styled_by_site = css_classes(SITE_CSS)
    used = template_classes() - HOST_CLASSES
    assert {"card", "figures", "progress-bar", "timeline-list"} <= used
    leaning_on_the_site = sorted(used & styled_by_site)
    assert leaning_on_the_site == [], "styled in site.css, not in blocks.css"
    assert {"card", "figures", "progress-bar", "timeline-list"} <= css_classes(BLOCKS_CSS)


def test_the_site_links_the_blocks_stylesheet_before_its_own():
    base = (ROOT / "ogp_site" / "templates" / "base.html").read_text(encoding="utf-8")
    include = base.index('{% include "cms_blocks/includes/stylesheets.html" %}')
    assert include < base.index("css/site.css")
    link = (PACKAGE / "templates" / "cms_blocks" / "includes" / "stylesheets.html").read_text()
    assert "{% static 'cms_blocks/css/blocks.css' %}" in link


def test_the_blocks_stylesheet_needs_no_custom_property_of_the_host():
    text = BLOCKS_CSS.read_text(encoding="utf-8")
    assert "var(--" in text
    assert re.findall(r"var\(--[\w-]+\)", text) == []  # each with a fallback
