"""Every folder LOCALE_PATHS names exists (a missing one hides a catalogue silently)."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext, override


def test_locale_paths_exist():
    assert all(Path(path).is_dir() for path in settings.LOCALE_PATHS)


def test_the_sites_catalogue_is_found():
    # locale/es (LOCALE_PATHS, ahead of every app catalogue) fills Wagtail's gaps.
    message = 'The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'
    with override("es-co"):
        assert gettext(message).startswith("Aprobado")
