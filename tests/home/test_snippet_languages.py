"""A snippet's own page in English (issue 12): without a published translation it says it is
shown in Spanish, links to the original and claims no English version (no ``hreflang``);
with one, it shows the English text and both pages list each other."""

import re

import pytest
from django.utils import translation
from wagtail.models import Locale

from cms_blocks.models import Commitment

pytestmark = pytest.mark.django_db

NOTICE = 'class="language-notice"'


def alternates(html):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)


@pytest.fixture
def commitment(seeded):
    return Commitment.objects.live().order_by("pk").first()


def urls(commitment):
    with translation.override("es-co"):
        spanish = commitment.get_absolute_url()
    return spanish, f"/en{spanish}"


def test_an_untranslated_snippet_page_in_english_is_a_marked_fallback(client, commitment):
    spanish, english = urls(commitment)
    html = client.get(english).content.decode()
    assert NOTICE in html
    assert f'<a href="{spanish}" hreflang="es-CO" lang="es-CO">' in html
    assert alternates(html) == []
    assert alternates(client.get(spanish).content.decode()) == []
    assert NOTICE not in client.get(spanish).content.decode()


def test_a_translated_snippet_page_lists_both_languages(client, commitment):
    copy = commitment.copy_for_translation(Locale.objects.get(language_code="en"))
    copy.title = "Technical support for community boards in public procurement"
    copy.live = True
    copy.save()
    spanish, english = urls(commitment)
    html = client.get(english).content.decode()
    assert NOTICE not in html
    assert f"<h1>{copy.title}</h1>" in html
    assert alternates(html) == ["es-CO", "en", "x-default"]
    assert alternates(client.get(spanish).content.decode()) == ["es-CO", "en", "x-default"]


def breadcrumbs(html):
    return re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)


def test_english_breadcrumbs_stay_in_english_addresses_and_mark_spanish_titles(client, commitment):
    spanish, english = urls(commitment)
    trail = breadcrumbs(client.get(english).content.decode())
    assert '<a href="/en/">Home</a>' in trail
    assert f'<span aria-current="page"><span lang="es-CO">{commitment.title}</span></span>' in trail
    assert f'<span lang="es-CO">{commitment.plan.title}</span>' in trail
    assert 'href="/planes/' not in trail  # no link back into the Spanish site
    spanish_trail = breadcrumbs(client.get(spanish).content.decode())
    assert "lang=" not in spanish_trail  # the Spanish page is as it was
    assert '<a href="/">Inicio</a>' in spanish_trail


def test_a_fallback_pages_breadcrumbs_link_the_english_addresses(client, seeded):
    from home.models import ContentPage

    page = ContentPage.objects.live().filter(depth__gt=3, locale__language_code="es-co").first()
    if page is None:  # the seed's content pages sit right below the home page
        page = ContentPage.objects.live().get(slug="cocreacion")
    with translation.override("es-co"):
        spanish = page.url
    trail = breadcrumbs(client.get(f"/en{spanish}").content.decode())
    hrefs = re.findall(r'href="([^"]+)"', trail)
    assert hrefs and all(href.startswith("/en/") for href in hrefs), hrefs
    assert f'<span lang="es-CO">{page.title}</span>' in trail


def test_chart_labels_carry_the_language_of_what_they_name(client, seeded):
    from cms_blocks.charts import progress_bars
    from cms_blocks.models import ActionPlan

    plan = ActionPlan.objects.live().get(slug="2023")
    html = client.get("/en/avance/").content.decode()
    # the plan's name, not translated yet, is Spanish: marked, in the table and the SVG
    assert f'<th scope="row" lang="es-CO">{plan.title}</th>' in html
    copy = plan.copy_for_translation(Locale.objects.get(language_code="en"))
    copy.title = "Open Government Action Plan 2023"
    copy.live = True
    copy.save()
    html = client.get("/en/avance/").content.decode()
    assert '<th scope="row">Open Government Action Plan 2023</th>' in html
    assert re.search(r'class="chart-label">Open Government Action Plan 2023', html)
    # a label of the interface («Sin eje») is in the page's language; an axis name is not
    axis = plan.axes.first()
    with translation.override("en"):
        chart = progress_bars([("No theme", 50, False, None), ("Eje", 40, False, axis)])
    assert [bar.lang for bar in chart.bars] == ["", ' lang="es-CO"']
    assert chart.table.row_langs == ["", ' lang="es-CO"']
