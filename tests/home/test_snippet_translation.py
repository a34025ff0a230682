"""Issue 12, snippets: an editor translates a commitment (with one of its milestones) and the
action plan into English with wagtail-localize, submits them to the same review workflow as
the Spanish ones, and a reviewer approves them; only then does /en/ show their English text.
The facts (status, progress, dates, plan, milestones' status) stay the Spanish row's. All over
HTTP through the real admin, with the real seed, as the demo roles."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms_blocks.models import ActionPlan, Commitment, Milestone

from .moderation_support import (
    admin_url,
    current_state,
    make_users,
    refreshed,
    snippet_form_data,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

EN_TITLE = "Technical support for community action boards in public procurement"
EN_SUMMARY = "Community boards learn to bid for public contracts."
EN_MILESTONE = "Diagnosis of the boards' procurement capacities"
EN_PLAN_TITLE = "Cartagena Open Government Action Plan"
EN_PLAN_INTRO = "What Cartagena committed to, in English."


def english():
    return Locale.objects.get(language_code="en")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def h1(html):
    """The page's first heading, as (its attributes, its text)."""
    attrs, text = re.search(r"<h1([^>]*)>(.*?)</h1>", html, re.S).groups()
    return attrs, text.strip()


def milestone_rows(html):
    """{title: (status shown, whether the title is marked as another language)} of the
    milestones table (the "illustrative" badge left out)."""
    table = BeautifulSoup(html, "html.parser").find("table", class_="milestones")
    rows = {}
    for row in table.find("tbody").find_all("tr"):
        header = row.find("th")
        marked = header.find(attrs={"lang": True})
        title = marked.get_text(strip=True) if marked else header.contents[0].strip()
        status = row.find_all("td")[3].find_all("span")[-1].get_text(strip=True)
        rows[title] = (status, marked is not None)
    return rows


def listing_url(model):
    return reverse(model.snippet_viewset.get_url_name("list"))


def translate_url(obj):
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[obj._meta.app_label, obj._meta.model_name, obj.pk],
    )


def translate_link(html, obj):
    """The ``<a>`` element to wagtail-localize's translate form for ``obj``, or None."""
    href = re.escape(f'href="{translate_url(obj)}"')
    found = re.search(rf"<a [^>]*{href}.*?</a>", html, re.S)
    return found.group(0) if found else None


class Translators:
    """An editor and a reviewer (the demo roles' groups), logged in."""

    def __init__(self):
        self.users = make_users()
        self.editor, self.reviewer = Client(), Client()
        self.editor.force_login(self.users["editor"])
        self.reviewer.force_login(self.users["revisor"])

    def translate(self, obj):
        """The snippet listing's «Traducir» → English: wagtail-localize creates the English
        row, a draft, and opens it in its editor."""
        for page in (admin_url(obj, "edit"), listing_url(type(obj))):
            link = translate_link(get(self.editor, page), obj)
            assert link is not None and "Traducir" in link, page
        assert "English" in get(self.editor, translate_url(obj))
        response = self.editor.post(translate_url(obj), {"locales": [english().pk]})
        assert response.status_code == 302, response.content.decode()[:2000]
        translated = obj.get_translation(english())
        assert response["Location"] == admin_url(translated, "edit")
        assert not translated.live  # a draft until the workflow approves it
        return translated

    def translation(self, translated):
        return Translation.objects.get(
            source__object_id=translated.translation_key, target_locale=translated.locale
        )

    def stop_sync(self, translated):
        """«Detener traducción sincronizada»: wagtail-localize's editor offers a
        non-publisher no "submit", Wagtail's snippet editor does."""
        edit = admin_url(translated, "edit")
        assert "wagtail_localize" in get(self.editor, edit)  # its translation editor
        response = self.editor.post(
            reverse("wagtail_localize:stop_translation", args=[self.translation(translated).pk]),
            {"next": edit},
        )
        assert response.status_code == 302
        assert not self.translation(translated).enabled

    def submit(self, translated, **fields):
        """The editor writes the English text in Wagtail's snippet editor and submits it to
        the review workflow."""
        data = snippet_form_data(self.editor, translated, **fields, **{"action-submit": "1"})
        response = self.editor.post(admin_url(translated, "edit"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        translated = refreshed(translated)
        assert current_state(translated).status == "in_progress"
        assert not translated.live
        return translated

    def approve(self, obj):
        obj = refreshed(obj)
        response = self.reviewer.post(workflow_action_url(obj, "approve"), {})
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        obj = refreshed(obj)
        assert obj.live and current_state(obj).status == "approved"
        return obj


def spanish_commitment():
    """A seeded commitment with milestones (the first by code, so on the list's first page)."""
    return (
        Commitment.objects.live()
        .filter(milestones__isnull=False)
        .distinct()
        .order_by("code", "pk")
        .first()
    )


def milestone_field(data, translated, milestone, name):
    """The form field name of ``milestone``'s ``name`` in the English row's inline formset."""
    for key, value in data.items():
        if key.startswith("milestones-") and key.endswith("-id") and value == str(milestone.pk):
            return key.removesuffix("-id") + f"-{name}"
    raise AssertionError(f"{milestone!r} is not in {translated!r}'s form")


@pytest.fixture
def translators(seeded):
    return Translators()


@pytest.fixture
def submitted(translators):
    """The commitment translated, its title, summary and first milestone written in English
    and submitted; not approved yet. The editor also retypes a fact (a milestone's status and
    the end date) in the English form: those must never reach the public."""
    spanish = spanish_commitment()
    translated = translators.translate(spanish)
    translators.stop_sync(translated)
    first_en = translated.milestones.order_by("sort_order").first()
    data = snippet_form_data(translators.editor, translated)
    fields = {
        "title": EN_TITLE,
        "summary": EN_SUMMARY,
        "end_date": "31/12/2030",
        milestone_field(data, translated, first_en, "title"): EN_MILESTONE,
        milestone_field(data, translated, first_en, "status"): Milestone.Status.DELAYED,
    }
    translated = translators.submit(translated, **fields)
    return translators, spanish, translated


@pytest.fixture
def approved(submitted):
    translators, spanish, translated = submitted
    return translators, spanish, translators.approve(translated)


# -- the translate action and the English draft ------------------------------------------------


def test_the_english_row_starts_as_a_draft_with_the_spanish_facts(translators):
    spanish = spanish_commitment()
    translated = translators.translate(spanish)
    assert translated.locale == english() and translated.translation_key == spanish.translation_key
    facts = ("status", "progress", "start_date", "end_date", "plan_id", "slug", "code", "axis_id")
    for name in (*facts, "lead_institution_id"):
        assert getattr(translated, name) == getattr(spanish, name), name
    pairs = zip(
        translated.milestones.order_by("sort_order"),
        spanish.milestones.order_by("sort_order"),
        strict=True,
    )
    for english_milestone, spanish_milestone in pairs:
        assert english_milestone.translation_key == spanish_milestone.translation_key
        assert english_milestone.status == spanish_milestone.status
    # wagtail-localize's editor offers the text only: no fact can be overridden there.
    source = translators.translation(translated).source
    assert not source.overridablesegment_set.exists()
    # Nothing public: the English address shows the Spanish text, marked as Spanish.
    attrs, title = h1(get(Client(), f"/en/compromisos/{spanish.slug}/"))
    assert title == spanish.title and 'lang="es-CO"' in attrs


def test_once_translated_the_edit_view_no_longer_offers_to_translate(translators):
    spanish = spanish_commitment()
    translators.translate(spanish)
    assert translate_link(get(translators.editor, admin_url(spanish, "edit")), spanish) is None


def test_the_editor_cannot_publish_from_wagtail_localize_s_editor(translators):
    translated = translators.translate(spanish_commitment())
    response = translators.editor.post(admin_url(translated, "edit"), {"action": "publish"})
    # wagtail-localize raises PermissionDenied; Wagtail's admin answers it with a redirect
    # to the dashboard and its "no permission" message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "error"
    assert not refreshed(translated).live


def test_a_submitted_translation_is_not_public_and_the_editor_cannot_publish_it(submitted):
    translators, spanish, translated = submitted
    anonymous = Client()
    html = get(anonymous, f"/en/compromisos/{spanish.slug}/")
    attrs, title = h1(html)
    assert title == spanish.title and 'lang="es-CO"' in attrs
    assert EN_TITLE not in html and EN_MILESTONE not in html
    # Under review it is locked for the editor: "publish" from Wagtail's editor is refused.
    data = snippet_form_data(translators.editor, translated, **{"action-publish": "1"})
    response = translators.editor.post(admin_url(translated, "edit"), data)
    assert "está bloqueado" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not refreshed(translated).live
    assert EN_TITLE not in get(anonymous, f"/en/compromisos/{spanish.slug}/")
    assert EN_TITLE not in get(anonymous, "/en/compromisos/")


def test_the_editor_cannot_publish_the_english_draft_from_wagtail_s_editor(translators):
    spanish = spanish_commitment()
    translated = translators.translate(spanish)
    translators.stop_sync(translated)
    data = snippet_form_data(
        translators.editor, translated, title=EN_TITLE, **{"action-publish": "1"}
    )
    response = translators.editor.post(admin_url(translated, "edit"), data)
    assert response.status_code in (200, 302, 403)
    translated = refreshed(translated)
    assert not translated.live
    assert EN_TITLE not in get(Client(), f"/en/compromisos/{spanish.slug}/")


# -- approved: public under /en/, the Spanish site unchanged -----------------------------------


def test_an_approved_translation_shows_its_english_text_under_en(approved):
    _translators, spanish, _translated = approved
    anonymous = Client()
    html = get(anonymous, f"/en/compromisos/{spanish.slug}/")
    attrs, title = h1(html)
    assert title == EN_TITLE and "lang=" not in attrs
    assert EN_SUMMARY in html
    rows = milestone_rows(html)
    assert rows[EN_MILESTONE][1] is False  # English, not marked as Spanish
    first = spanish.milestones.order_by("sort_order").first()
    assert first.title not in rows
    # The Spanish page is unchanged.
    spanish_html = get(anonymous, f"/compromisos/{spanish.slug}/")
    assert h1(spanish_html) == ("", spanish.title)
    assert EN_TITLE not in spanish_html and EN_MILESTONE not in spanish_html
    assert first.title in milestone_rows(spanish_html)


def test_the_lists_show_the_commitment_once_in_each_language(approved):
    _translators, spanish, _translated = approved
    anonymous = Client()
    marker = f'id="commitment-{spanish.pk}"'
    spanish_list = get(anonymous, "/compromisos/")
    assert spanish_list.count(marker) == 1
    assert EN_TITLE not in spanish_list
    english_list = get(anonymous, "/en/compromisos/")
    assert english_list.count(marker) == 1
    card = re.search(rf"<h\d {marker}[^>]*>.*?</h\d>", english_list, re.S).group(0)
    assert EN_TITLE in card and "lang=" not in card
    assert english_list.count(f'id="commitment-{_translated.pk}"') == 0


def test_the_facts_stay_the_spanish_rows_even_if_retyped_in_english(approved):
    _translators, spanish, _translated = approved
    html = get(Client(), f"/en/compromisos/{spanish.slug}/")
    first = spanish.milestones.order_by("sort_order").first()
    status, _marked = milestone_rows(html)[EN_MILESTONE]
    with translation.override("en"):
        assert status == str(Milestone.Status(first.status).label)
    assert status != "Delayed"  # what the editor typed in the English form
    assert "2030" not in html  # the retyped end date


def test_a_milestone_status_published_in_spanish_shows_on_the_english_page(approved):
    translators, spanish, _translated = approved
    last = spanish.milestones.order_by("sort_order").last()
    data = snippet_form_data(translators.reviewer, spanish)
    field = milestone_field(data, spanish, last, "status")
    assert data[field] != Milestone.Status.DELAYED
    data.update({field: Milestone.Status.DELAYED, "action-publish": "1"})
    response = translators.reviewer.post(admin_url(spanish, "edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Milestone.objects.get(pk=last.pk).status == Milestone.Status.DELAYED
    rows = milestone_rows(get(Client(), f"/en/compromisos/{spanish.slug}/"))
    assert rows[last.title][0] == "Delayed"  # its title left as the Spanish one
    assert rows[EN_MILESTONE][0] != "Delayed"
    spanish_rows = milestone_rows(get(Client(), f"/compromisos/{spanish.slug}/"))
    assert spanish_rows[last.title][0] == "Retrasado"


def test_a_milestone_left_in_spanish_in_the_english_row_keeps_its_spanish_mark(approved):
    _translators, spanish, _translated = approved
    last = spanish.milestones.order_by("sort_order").last()
    rows = milestone_rows(get(Client(), f"/en/compromisos/{spanish.slug}/"))
    assert rows[EN_MILESTONE][1] is False
    assert rows[last.title][1] is True  # Spanish text on an English page: lang="es-CO"


# -- the plan ----------------------------------------------------------------------------------


def test_the_plan_translated_and_approved_shows_its_english_title_and_intro(translators):
    plan = spanish_commitment().plan
    anonymous = Client()
    url = f"/en/planes/{plan.slug}/"
    translated = translators.translate(plan)
    translators.stop_sync(translated)
    translated = translators.submit(translated, title=EN_PLAN_TITLE, intro=EN_PLAN_INTRO)
    assert EN_PLAN_TITLE not in get(anonymous, url)
    translators.approve(translated)
    html = get(anonymous, url)
    attrs, title = h1(html)
    assert title == EN_PLAN_TITLE and "lang=" not in attrs
    assert re.search(rf'<p class="lead">{re.escape(EN_PLAN_INTRO)}</p>', html)
    spanish_html = get(anonymous, f"/planes/{plan.slug}/")
    assert h1(spanish_html) == ("", plan.title)
    assert EN_PLAN_INTRO not in spanish_html
    # The plan's English title shows wherever the plan is named under /en/.
    assert EN_PLAN_TITLE in get(anonymous, f"/en/planes/{plan.slug}/compromisos/")
    assert ActionPlan.objects.live().filter(slug=plan.slug).count() == 1
