"""cms_blocks stays reusable: participation plugs into it, never the other way round."""

import re
from pathlib import Path

import pytest

import cms_blocks
from cms_blocks import extensions
from participation.views import consultation_page_extension
from participation.voting import online_tally

from .helpers import make_consultation

CMS_BLOCKS_DIR = Path(cms_blocks.__file__).parent
FORBIDDEN_IMPORT = re.compile(r"^\s*(from|import)\s+(participation|home)\b", re.MULTILINE)


def test_cms_blocks_never_imports_participation_or_home():
    offenders = [
        str(path.relative_to(CMS_BLOCKS_DIR))
        for path in CMS_BLOCKS_DIR.rglob("*.py")
        if FORBIDDEN_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_participation_registers_its_extensions():
    assert online_tally in extensions._tally_providers
    assert consultation_page_extension in extensions._consultation_page_extensions


@pytest.mark.django_db
def test_tally_providers_add_up(monkeypatch):
    consultation = make_consultation(slug="proveedores", reported=[2, None, 1])
    first, second, _third = [o.pk for o in consultation.options.all()]

    def fake_provider(consultation, option_ids):
        return {first: 5, second: 1}

    monkeypatch.setattr(extensions, "_tally_providers", [online_tally, fake_provider])
    assert [v for _o, v in consultation.get_results()] == [7, 1, 1]
    monkeypatch.setattr(extensions, "_tally_providers", [])
    assert [v for _o, v in consultation.get_results()] == [2, 0, 1]
