"""Snippet text keeps its own ``lang`` when the interface is in another language (issue 12).

Snippets are not translatable yet: under ``/en/`` the labels around a commitment are English
(the extension's English catalogue) while its title, milestones and institutions are still in
the source language. Each element holding snippet text says so (``lang="es-MX"`` on the test
site, whose source language is es-MX), the interface labels do not, and in the source language
nothing is added at all.
"""

import datetime as dt
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale

from cms_blocks.models import Commitment, Committee, Consultation
from cms_blocks.templatetags.cms_blocks_i18n import bcp47, content_lang
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db

SOURCE = bcp47(django_settings.LANGUAGE_CODE)  # es-MX on the test site
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class TextLanguages(HTMLParser):
    """Every text node of a page's ``<main>`` with the ``lang`` of its nearest element inside
    ``<html>`` (``None``: the page's own language). The test site's base template (its
    breadcrumbs, its ``<title>``) is not the extension's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and any(tag == "main" for tag, _lang in self.stack):
            self.texts.append((text, self.current_lang()))

    def current_lang(self):
        for tag, lang in reversed(self.stack):
            if tag == "html":
                return None
            if lang:
                return lang
        return None


def languages_of(html, text):
    """The ``lang`` of every text node that is exactly ``text``."""
    parser = TextLanguages()
    parser.feed(html)
    found = [lang for node, lang in parser.texts if node == text]
    assert found, f"{text!r} is not on the page"
    return set(found)


def assert_content(html, *texts):
    for text in texts:
        assert languages_of(html, text) == {SOURCE}, text


def assert_interface(html, *labels):
    for label in labels:
        assert languages_of(html, label) == {None}, label


@pytest.fixture
def english(settings):
    """Requests in English: the test site gains ``en`` in LANGUAGES for this test (its
    LocaleMiddleware then honours ``Accept-Language: en``)."""
    settings.LANGUAGES = [(django_settings.LANGUAGE_CODE, "Español"), ("en", "English")]

    def get(client, url, language="en"):
        with translation.override(language):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        return response.content.decode()

    return get


def en(message):
    with translation.override("en"):
        return translation.gettext(message)


def first_commitment():
    return Commitment.objects.live().order_by("pk").first()


def block_page(home):
    commitment = first_commitment()
    body = f.stream(
        ("commitment", {"commitment": commitment.pk, "show_milestones": True}),
        ("committee_roster", {"heading": "", "committee": Committee.objects.live().get().pk}),
        (
            "consultation_results",
            {"heading": "", "consultation": Consultation.objects.live().get().pk},
        ),
        ("cocreation_figures", {"heading": "", "show_groups": True}),
    )
    return TestPageFactory(parent=home, title="Bloques", slug="bloques", body=body).url


# -- the tag ---------------------------------------------------------------------------------


def render(source, **context):
    return Template("{% load cms_blocks_i18n %}" + source).render(Context(context))


def test_bcp47_writes_the_region_in_upper_case():
    assert bcp47("es-co") == "es-CO"
    assert bcp47("es-MX") == "es-MX"
    assert bcp47("en") == "en"


def test_a_snippet_is_in_the_source_language(content):
    commitment = first_commitment()
    with translation.override("en"):
        assert render("<p{% content_lang c %}>", c=commitment) == f'<p lang="{SOURCE}">'
        assert render("<p{% content_lang %}>") == f'<p lang="{SOURCE}">'
    with translation.override(django_settings.LANGUAGE_CODE):
        assert render("<p{% content_lang c %}>", c=commitment) == "<p>"
        assert render("<p{% content_lang %}>") == "<p>"
        assert render("<p{% content_lang missing %}>") == "<p>"


def test_an_object_with_a_locale_is_in_its_locales_language(content):
    english_locale = Locale.objects.create(language_code="en")
    in_english = SimpleNamespace(locale_id=english_locale.pk)
    home = content.home  # a page: its locale is the default one, es-mx
    with translation.override("en"):
        assert content_lang(in_english) == ""
        assert content_lang(home) == f' lang="{SOURCE}"'
    with translation.override(django_settings.LANGUAGE_CODE):
        assert content_lang(in_english) == ' lang="en"'
        assert content_lang(home) == ""


def test_locale_codes_are_read_once_not_once_per_object(content, django_assert_num_queries):
    english_locale = Locale.objects.create(language_code="en")  # empties the map
    objects = [SimpleNamespace(locale_id=english_locale.pk) for _ in range(20)]
    with translation.override(django_settings.LANGUAGE_CODE):
        with django_assert_num_queries(1):
            assert {content_lang(obj) for obj in objects} == {' lang="en"'}
        with django_assert_num_queries(0):
            assert content_lang(objects[0]) == ' lang="en"'


def test_a_locale_id_that_comes_back_with_another_code_is_not_read_stale(content):
    """What a flushed or rolled-back test database does: the same id, another language."""
    locale = Locale.objects.create(language_code="en")
    obj = SimpleNamespace(locale_id=locale.pk)
    with translation.override(django_settings.LANGUAGE_CODE):
        assert content_lang(obj) == ' lang="en"'
        pk = locale.pk
        locale.delete()
        Locale.objects.create(pk=pk, language_code="fr")
        assert content_lang(obj) == ' lang="fr"'


# -- the pages -------------------------------------------------------------------------------


def test_commitment_detail_in_english_marks_the_commitments_text(client, content, english):
    commitment = first_commitment()
    milestone = commitment.milestones.order_by("sort_order", "pk").first()
    html = english(client, commitment.get_absolute_url())
    assert_content(
        html,
        commitment.title,
        commitment.summary,
        commitment.axis.name,
        commitment.lead_institution.name,
        milestone.title,
        milestone.expected_output,
        milestone.responsible,
        "Un problema público.",  # the rich text of the problem
    )
    assert_interface(
        html,
        en("Institución líder"),
        en("Eje"),
        en("Problema"),
        en("Producto esperado"),
        en("ilustrativo"),
    )
    assert en("Institución líder") != "Institución líder"  # the labels really are English


def test_commitment_list_in_english_marks_each_cards_text(client, content, english):
    html = english(client, "/compromisos/")
    commitments = list(Commitment.objects.live().select_related("axis", "lead_institution"))
    assert_content(html, *(c.title for c in commitments), *(c.summary for c in commitments))
    assert_content(html, *{c.axis.name for c in commitments})  # the cards and the filter
    assert_content(html, *{c.lead_institution.name for c in commitments})
    assert_interface(
        html, en("Compromisos del plan de acción"), en("Eje"), en("Líder"), en("Filtrar")
    )


def test_plan_page_in_english_marks_the_plans_text(client, content, english):
    plan = content.plan
    html = english(client, f"/planes/{plan.slug}/")
    assert_content(html, plan.title, plan.intro, plan.jurisdiction, *(a.name for a in content.axes))
    assert_interface(html, en("Ejes de trabajo"), en("Compromisos"), en("Jurisdicción"))


def test_blocks_in_english_mark_the_snippets_they_show(client, content, english):
    html = english(client, block_page(content.home))
    assert_content(
        html,
        first_commitment().title,
        content.committee.name,  # the roster's heading when the block has none
        *(m.name for m in content.members),
        "Academia",  # a sector
        content.consultation.title,
        content.consultation.question,
        "Datos abiertos",  # an option: in the chart and in its table
        "personas participantes",  # a co-creation figure
        "Jóvenes",  # a participant group
    )
    assert_interface(
        html,
        en("Grupos participantes"),
        en("Resultados por opción"),
        en("Opción"),
        en("Hitos"),
    )


@pytest.mark.parametrize("page", ["commitment", "list", "plan", "blocks"])
def test_in_the_source_language_no_lang_is_added(client, content, english, page):
    url = {
        "commitment": lambda: first_commitment().get_absolute_url(),
        "list": lambda: "/compromisos/",
        "plan": lambda: f"/planes/{content.plan.slug}/",
        "blocks": lambda: block_page(content.home),
    }[page]()
    html = english(client, url, language=django_settings.LANGUAGE_CODE)
    main = html[html.index("<main") : html.index("</main>")]
    assert " lang=" not in main
    assert content.plan.title in main or first_commitment().title in main


# -- dates, in the reader's language ---------------------------------------------------------


def test_dates_follow_the_language_spanish_in_lower_case_english_as_english(
    client, content, english
):
    """The templates use the locale's own formats (DATE_FORMAT, YEAR_MONTH_FORMAT): Spanish
    month names in lower case (the extension's es catalogue), English ones as English writes
    them; before, a Spanish pattern with ``|lower`` gave «march de 2023» in English."""
    commitment = first_commitment()
    commitment.start_date, commitment.end_date = dt.date(2023, 1, 1), dt.date(2023, 11, 30)
    commitment.save()
    spanish = english(client, commitment.get_absolute_url(), language=django_settings.LANGUAGE_CODE)
    assert "<dd>Enero de 2023 – noviembre de 2023</dd>" in spanish
    html = english(client, commitment.get_absolute_url())
    assert "<dd>January 2023 – November 2023</dd>" in html
    assert " de 2023" not in html.split("<main", 1)[1].split("</main>")[0]
