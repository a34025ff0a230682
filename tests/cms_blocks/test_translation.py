"""Translated snippets (cms_blocks.translation): the source row is the structure, a published
translation lends it its text; a draft translation lends nothing, and the public lists never
show a translation as an object of its own (issue 12)."""

import contextlib

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from wagtail.models import Locale

from cms_blocks import translation
from cms_blocks.models import Commitment, Institution, Milestone
from cms_blocks.templatetags.cms_blocks_i18n import content_lang
from tests.factories import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(settings):
    settings.LANGUAGES = [(django_settings.LANGUAGE_CODE, "Español"), ("en", "English")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    locale, _created = Locale.objects.get_or_create(language_code="en")
    translation.locale_code(locale.pk)  # the per-process locale map, read once
    yield locale
    translation.forget_all()


def in_english():
    """A request under /en/: English interface, English text where a translation has it."""
    stack = contextlib.ExitStack()
    stack.enter_context(override("en"))
    stack.enter_context(translation.translated_content("en"))
    return stack


def fresh(model, pk):
    return model.objects.live().get(pk=pk)


def test_live_lists_only_the_source_language(content, english):
    commitment = content.commitments[0]
    live, stored = Commitment.objects.live().count(), Commitment.objects.count()
    translate(commitment, english, title="Open data")
    assert Commitment.objects.live().count() == live
    assert Commitment.objects.count() == stored + 1
    assert set(Commitment.objects.live().values_list("locale__language_code", flat=True)) == {
        django_settings.LANGUAGE_CODE.lower()
    }


def test_a_published_translation_lends_its_text_under_its_language(content, english):
    commitment = content.commitments[0]
    spanish_title = commitment.title
    translate(commitment, english, title="Open budgets", summary="In English")
    with in_english():
        shown = fresh(Commitment, commitment.pk)
        assert shown.title == "Open budgets"
        assert shown.summary == "In English"
        # the structure is the source's: its code, plan, progress and slug
        assert (shown.code, shown.plan_id, shown.progress, shown.slug) == (
            commitment.code,
            commitment.plan_id,
            commitment.progress,
            commitment.slug,
        )
        assert content_lang(shown) == ""  # the text is in the active language
    with translation.translated_content(django_settings.LANGUAGE_CODE):
        assert fresh(Commitment, commitment.pk).title == spanish_title
    assert fresh(Commitment, commitment.pk).title == spanish_title  # outside: the stored row


def test_a_field_left_empty_in_the_translation_keeps_the_source_text(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets", summary="")
    with in_english():
        assert fresh(Commitment, commitment.pk).summary == commitment.summary


def test_a_draft_translation_lends_nothing(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, live=False, title="Not approved yet")
    with in_english():
        shown = fresh(Commitment, commitment.pk)
        assert shown.title == commitment.title
        assert content_lang(shown) != ""  # still marked as the source language's text


def test_milestones_take_their_translated_titles_status_stays_the_sources(content, english):
    commitment = content.commitments[0]
    source_milestones = list(commitment.milestones.all())
    assert source_milestones
    copy = commitment.copy_for_translation(english)
    for milestone in copy.milestones.all():
        milestone.title = f"EN {milestone.title}"
    copy.live = True
    copy.save()
    english_keys = set(
        Milestone.objects.filter(commitment=copy).values_list("translation_key", flat=True)
    )
    assert english_keys == {m.translation_key for m in source_milestones}
    with in_english():
        shown = list(fresh(Commitment, commitment.pk).milestones.all())
    assert [m.title for m in shown] == [f"EN {m.title}" for m in source_milestones]
    assert [m.status for m in shown] == [m.status for m in source_milestones]


def test_an_object_showing_a_translation_refuses_to_be_saved(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets")
    with in_english():
        shown = fresh(Commitment, commitment.pk)
        with pytest.raises(RuntimeError):
            shown.save()
    assert fresh(Commitment, commitment.pk).title == commitment.title


def test_publishing_a_new_text_is_seen_at_once(content, english):
    commitment = content.commitments[0]
    copy = translate(commitment, english, title="First text")
    with in_english():
        assert fresh(Commitment, commitment.pk).title == "First text"
    copy.title = "Second text"
    copy.save()
    with in_english():
        assert fresh(Commitment, commitment.pk).title == "Second text"
    copy.delete()
    with in_english():
        assert fresh(Commitment, commitment.pk).title == commitment.title


def test_queries_do_not_grow_with_the_translations(content, english):
    for commitment in content.commitments:
        translate(commitment, english, title=f"EN {commitment.title}")

    def count():
        with in_english(), CaptureQueriesContext(connection) as queries:
            titles = [c.title for c in Commitment.objects.live()]
        return len(queries.captured_queries), titles

    cold, titles = count()
    warm, _titles = count()
    assert all(title.startswith("EN ") for title in titles)
    assert cold == 2  # the commitments, then every English text of the kind at once
    assert warm == 1  # then from the cache: no query more than in the source language


def test_slugs_and_names_are_unique_within_a_locale(content, english):
    institution = content.institutions[0]
    copy = translate(institution, english)  # same slug and name in English: allowed
    assert (copy.slug, copy.name) == (institution.slug, institution.name)
    duplicate = Institution(name=institution.name, slug="otra", role=institution.role)
    duplicate.locale = institution.locale
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "name" in error.value.message_dict
    other = Institution(name="Otra institución", slug=institution.slug, role=institution.role)
    other.locale = institution.locale
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug" in error.value.message_dict


def test_wagtail_localize_translates_text_and_synchronises_the_rest():
    pytest.importorskip("wagtail_localize")
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    fields = {field.field_name: field for field in Commitment.translatable_fields}
    for name in Commitment.translated_fields:
        assert isinstance(fields[name], TranslatableField), name
    assert isinstance(fields["milestones"], TranslatableField)
    for name in ("plan", "code", "slug", "start_date", "axis", "lead_institution"):
        assert isinstance(fields[name], SynchronizedField), name
        assert not fields[name].is_overridable(Commitment()), name
    milestone_fields = {field.field_name: field for field in Milestone.translatable_fields}
    assert isinstance(milestone_fields["title"], TranslatableField)
    assert isinstance(milestone_fields["status"], SynchronizedField)
    assert "commitment" not in milestone_fields


def test_a_translation_is_never_on_the_far_side_of_a_public_relation(content, english):
    commitment = Commitment.objects.live().filter(lead_institution__isnull=False).first()
    institution = commitment.lead_institution
    before = [c.pk for c in institution.public.led_commitments]
    english_commitment = translate(commitment, english, title="Open budgets")
    assert english_commitment.lead_institution_id == institution.pk  # synchronised
    institution = Institution.objects.live().get(pk=institution.pk)
    assert [c.pk for c in institution.public.led_commitments] == before
    assert english_commitment.public.lead_institution == institution  # forward: the source


def test_the_milestones_dataset_lists_each_milestone_once(content, english):
    from cms_blocks.opendata.datasets import load_milestones

    before = [m.pk for m in load_milestones()]
    for commitment in content.commitments:
        translate(commitment, english, title=f"EN {commitment.title}")
    assert [m.pk for m in load_milestones()] == before


def test_the_import_updates_the_source_object_not_its_translation(client, content, english):
    from cms_blocks.opendata.importers import CommitmentImport
    from tests.cms_blocks.test_import import export, parse, to_csv

    rows = parse(export(client, "compromisos"))
    milestones = parse(export(client, "hitos"))
    commitment = Commitment.objects.get(code=rows[0]["codigo"])
    english_row = translate(commitment, english, title="Open budgets")
    rows[0]["titulo"] = "Título importado"
    job = CommitmentImport(to_csv(rows, list(rows[0])), to_csv(milestones, list(milestones[0])))
    assert job.validate(), [str(issue) for issue in job.issues]
    assert job.summary()["create"] == 0
    job.apply()
    commitment.refresh_from_db()
    assert commitment.get_latest_revision_as_object().title == "Título importado"
    english_row.refresh_from_db()
    assert english_row.title == "Open budgets"
    assert not english_row.has_unpublished_changes


def test_the_cached_text_is_forgotten_again_once_the_change_is_committed(
    content, english, django_capture_on_commit_callbacks
):
    commitment = content.commitments[0]
    copy = translate(commitment, english, title="First text")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        copy.title = "Second text"
        copy.save()
        # a request that read the rows before the commit caches the old text
        translation.translations(Commitment, "en")
        from django.core.cache import cache

        cache.set(
            translation._cache_key(Commitment, "en"),
            {str(commitment.translation_key): {"title": "First text"}},
        )
    for callback in callbacks:
        callback()
    with in_english():
        assert fresh(Commitment, commitment.pk).title == "Second text"
