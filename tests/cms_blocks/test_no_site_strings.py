"""No Cartagena or Colombia-only string lives in the extension (any OGP Local city installs it).

Greps every Python, template and text file of the cms_blocks package, migrations included.
"""

import re
from pathlib import Path

import cms_blocks

PACKAGE = Path(cms_blocks.__file__).resolve().parent
SITE_ONLY = re.compile(r"cartagena|colombia|alcald[ií]a|gov\.co|bogot[aá]|es-co\b", re.IGNORECASE)
SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".po"}


def site_strings():
    hits = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in SUFFIXES or "__pycache__" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SITE_ONLY.search(line):
                hits.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:120]}")
    return hits


def test_the_grep_sees_the_package():
    assert len(list(PACKAGE.rglob("*.html"))) > 20
    assert SITE_ONLY.search('language = "es-co"') and SITE_ONLY.search("Alcaldía Distrital")


def test_no_cartagena_or_colombia_string_in_cms_blocks():
    assert site_strings() == []
