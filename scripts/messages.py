"""The gettext catalogues: re-extract them and compile them (`make messages`).

Three catalogues (issue 12; message ids are Spanish, the source language):

- ``locale/en``: the site's strings (home, ogp_site, participation, search; Python, HTML and
  e-mail .txt templates), extracted from the repository root;
- ``cms_blocks/locale/en``: the extension's own, extracted inside ``cms_blocks/`` (it ships its
  catalogue in its wheel);
- ``locale/es``: Spanish overrides of Wagtail's English msgids, written by hand, never extracted.

``python scripts/messages.py`` re-extracts the two English catalogues (``makemessages``, which
keeps the translations already there and adds the new msgids untranslated), then compiles all
three with ``msgfmt --check`` (the .mo files are committed: the site needs no gettext tools).
tests/ogp_site/test_catalogues.py runs the same extraction into a temporary copy and fails while
an entry is missing, empty or fuzzy.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ("html", "txt", "py")
# What the site's extraction leaves out: the extension (it has its own catalogue), the tests,
# the packaging folder (a symlink to cms_blocks), build output, collected static files, media,
# the benchmarks and pip's egg-info.
SITE_IGNORE = (
    ".venv",
    "cms_blocks",
    "packages",
    "tests",
    "build",
    "static",
    "media",
    "benchmarks",
    "*.egg-info",
)
EXTENSION_IGNORE = ("static",)
# (source folder, what it ignores, its locale folder), relative to the repository root.
EXTRACTED = (
    (".", SITE_IGNORE, "locale"),
    ("cms_blocks", EXTENSION_IGNORE, "cms_blocks/locale"),
)
COMPILED = (
    "locale/en/LC_MESSAGES/django.po",
    "locale/es/LC_MESSAGES/django.po",
    "cms_blocks/locale/en/LC_MESSAGES/django.po",
)


def extract(source, ignore, locale_dir, language="en"):
    """Run makemessages over ``source`` and write ``locale_dir/<language>/LC_MESSAGES/django.po``.

    makemessages walks the current directory and writes each file's strings to the locale
    folder whose parent contains it, else to LOCALE_PATHS[0]: running inside ``source`` with
    LOCALE_PATHS set to ``locale_dir`` sends everything there and nowhere else.
    """
    from django.core.management import call_command
    from django.test.utils import override_settings

    previous = os.getcwd()
    os.chdir(source)
    try:
        with override_settings(LOCALE_PATHS=[str(locale_dir)]):
            call_command(
                "makemessages",
                locale=[language],
                extensions=list(EXTENSIONS),
                add_location="file",
                ignore_patterns=list(ignore),
                verbosity=0,
            )
    finally:
        os.chdir(previous)
    return Path(locale_dir) / language / "LC_MESSAGES" / "django.po"


def msgfmt():
    return shutil.which("msgfmt") or "/usr/bin/msgfmt"


def compile_catalogue(po_path):
    """Compile ``po_path`` next to itself; msgfmt --check rejects broken placeholders."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    subprocess.run([msgfmt(), "--check", "-o", str(mo_path), str(po_path)], check=True)
    return mo_path


def summary(po_path):
    import polib

    po = polib.pofile(str(po_path))
    live = [entry for entry in po if not entry.obsolete]
    return (
        f"{po_path}: {len(live)} entries, {len(po.untranslated_entries())} untranslated, "
        f"{len(po.fuzzy_entries())} fuzzy, {len(po.obsolete_entries())} obsolete"
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_site.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    for source, ignore, locale_dir in EXTRACTED:
        po_path = extract(ROOT / source, ignore, ROOT / locale_dir)
        print(f"extracted {po_path.relative_to(ROOT)}")
    for po_path in COMPILED:
        compile_catalogue(ROOT / po_path)
        print(summary(po_path))
    print("Translate the untranslated and fuzzy entries, then run `make messages` again.")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
