"""Every setting the extension reads is prefixed CMS_BLOCKS_, has its default in
cms_blocks/conf.py and is documented in docs/adopting.md (Django's and Wagtail's own settings
aside)."""

import re
from pathlib import Path

from django.conf import global_settings

import cms_blocks
from cms_blocks import conf

PACKAGE = Path(cms_blocks.__file__).resolve().parent
ADOPTING = Path(__file__).resolve().parents[2] / "docs" / "adopting.md"
READS = [
    re.compile(r"\bsettings\.([A-Z][A-Z0-9_]+)"),
    re.compile(r"getattr\(\s*settings\s*,\s*[\"']([A-Z][A-Z0-9_]+)"),
    re.compile(r"\bconf\.get\(\s*[\"']([A-Z][A-Z0-9_]+)"),
]


def settings_read():
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in READS:
            names.update(pattern.findall(text))
    return names


def test_the_scan_finds_the_extensions_settings():
    assert {"CMS_BLOCKS_PUBLIC_URL", "CMS_BLOCKS_BASE_TEMPLATE"} <= settings_read()


def test_every_setting_is_prefixed_or_django_s_or_wagtail_s():
    foreign = {
        name
        for name in settings_read()
        if not name.startswith("CMS_BLOCKS_")
        and not hasattr(global_settings, name)
        and not name.startswith("WAGTAIL")
    }
    assert foreign == set()


def test_every_prefixed_setting_has_a_default_and_a_row_in_adopting_md():
    prefixed = {name for name in settings_read() if name.startswith("CMS_BLOCKS_")}
    assert prefixed <= set(conf.DEFAULTS)
    doc = ADOPTING.read_text(encoding="utf-8")
    assert [name for name in conf.DEFAULTS if f"| `{name}` |" not in doc] == []
