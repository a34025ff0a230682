"""Every gettext catalogue is complete and its committed .mo is up to date.

- The site's English catalogue (locale/en) and the extension's (cms_blocks/locale/en): the
  strings are extracted again, as `make messages` does (scripts/messages.py), but from a
  temporary copy of the sources into a temporary locale folder, so the repository is never
  written; every msgid found must be in the committed catalogue, translated and not fuzzy.
- The Spanish overrides (locale/es), written by hand: no fuzzy and no empty entry.
- Each committed .mo holds exactly the messages of its .po.
"""

import fnmatch
import os
import re
import shutil
from pathlib import Path

import polib
import pytest

from scripts.messages import (
    EXTENSION_IGNORE,
    EXTENSIONS,
    ROOT,
    SITE_IGNORE,
    extract,
)

SITE = ROOT / "locale/en/LC_MESSAGES/django.po"
EXTENSION = ROOT / "cms_blocks/locale/en/LC_MESSAGES/django.po"
SPANISH = ROOT / "locale/es/LC_MESSAGES/django.po"
ALL_CATALOGUES = [SITE, EXTENSION, SPANISH]
SUFFIXES = tuple(f".{extension}" for extension in EXTENSIONS)


def shown(path):
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def copy_sources(source, destination, ignore):
    """Copy the files makemessages reads (by extension), skipping the ignored folders."""
    skipped = (*ignore, "locale", ".*", "__pycache__", "node_modules")
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = [
            name
            for name in dirnames
            if not any(fnmatch.fnmatch(name, pattern) for pattern in skipped)
        ]
        target = destination / Path(dirpath).relative_to(source)
        for name in filenames:
            if name.endswith(SUFFIXES):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath) / name, target / name)


def extracted(source, ignore, tmp_path):
    """The catalogue makemessages writes for ``source``, extracted from a temporary copy."""
    copy = tmp_path / "src"
    copy_sources(source, copy, ignore)
    po_path = extract(copy, ignore, tmp_path / "locale")
    assert po_path.is_file(), f"makemessages wrote nothing for {source}"
    return polib.pofile(str(po_path))


def gaps(code, catalogue):
    """What the code uses that the catalogue lacks, leaves empty or marks fuzzy."""
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue if not entry.obsolete}
    plurals = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    forms = int(plurals.group(1)) if plurals else 2
    found = []
    for used in code:
        if not used.msgid:
            continue
        entry = entries.get((used.msgctxt, used.msgid))
        where = ", ".join(sorted({path for path, _line in used.occurrences}))
        if entry is None:
            problem = "missing"
        elif "fuzzy" in entry.flags:
            problem = "fuzzy"
        elif (entry.msgid_plural or None) != (used.msgid_plural or None):
            problem = f"plural differs (code: {used.msgid_plural!r})"
        elif not entry.translated() or (
            entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(forms))
        ):
            problem = "empty"
        else:
            continue
        found.append(f"{problem}: {used.msgid!r} ({where})")
    return found


def assert_complete(code, po_path):
    assert po_path.is_file(), f"{shown(po_path)} does not exist"
    catalogue = polib.pofile(str(po_path))
    problems = gaps(code, catalogue)
    assert not catalogue.metadata_is_fuzzy, f"{shown(po_path)}: the header is fuzzy"
    assert not problems, (
        f"{shown(po_path)}: {len(problems)} entries to translate "
        "(run `make messages`, translate, run it again):\n" + "\n".join(problems)
    )


def test_the_sites_english_catalogue_has_every_string(tmp_path):
    code = extracted(ROOT, SITE_IGNORE, tmp_path)
    # The extraction reaches each app, Python and templates, e-mail .txt templates included.
    paths = {path for entry in code for path, _line in entry.occurrences}
    for folder in ("home/", "ogp_site/", "participation/", "search/"):
        assert any(path.startswith(folder) and path.endswith(".py") for path in paths), folder
        assert any(path.startswith(folder) and path.endswith(".html") for path in paths), folder
    assert any(path.endswith(".txt") for path in paths)
    assert not any(path.startswith(("cms_blocks/", "tests/")) for path in paths)
    assert_complete(code, SITE)


def test_the_extensions_english_catalogue_has_every_string(tmp_path):
    code = extracted(ROOT / "cms_blocks", EXTENSION_IGNORE, tmp_path)
    assert len(code) > 0
    assert_complete(code, EXTENSION)


def test_the_spanish_overrides_have_no_fuzzy_or_empty_entry():
    catalogue = polib.pofile(str(SPANISH))
    assert not catalogue.metadata_is_fuzzy
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert len(catalogue.translated_entries()) > 0


def messages(mo):
    """What gettext serves from a compiled catalogue: context, id and plural → translation."""
    found = {}
    for entry in mo:
        if entry.msgid_plural:
            translation = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        else:
            translation = entry.msgstr
        found[(entry.msgctxt, entry.msgid, entry.msgid_plural or None)] = translation
    return found


@pytest.mark.parametrize("po_path", ALL_CATALOGUES, ids=lambda path: shown(path))
def test_the_committed_mo_is_the_compiled_po(po_path, tmp_path):
    assert po_path.is_file(), f"{shown(po_path)} does not exist"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{shown(mo_path)} is not committed: run `make messages`"
    # polib compiles what msgfmt does: the translated entries, neither fuzzy nor empty.
    compiled = tmp_path / "compiled.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(compiled))
    expected = polib.mofile(str(compiled))
    committed = polib.mofile(str(mo_path))
    assert len(messages(expected)) > 0
    assert messages(committed) == messages(expected), (
        f"{shown(mo_path)} is out of date: run `make messages`"
    )
    # msgfmt leaves POT-Creation-Date out of the .mo; what gettext reads from the header is here.
    for field in ("Content-Type", "Language", "Plural-Forms"):
        assert committed.metadata.get(field) == expected.metadata.get(field), field
