"""Tags for citizens (cms_blocks.tags): /etiquetas/ and /etiquetas/<tag>/, the tags on cards
and commitment pages, the tag filter of the commitment list, the sitemap, on the extension's
test site (its ``TestPage`` is tagged through ``TestPageTag``, found by discovery)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from cms_blocks import tags as cms_tags
from cms_blocks.models import Commitment
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.cms_blocks.testsite.models import TestPageTag

pytestmark = pytest.mark.django_db


def tag_url(name):
    return reverse("cms_blocks:tag_detail", kwargs={"tag": Tag.objects.get(name=name).slug})


def tagged_page(parent, title, tags, state="live"):
    """A TestPage carrying ``tags``: published, or a never-published draft."""
    page = TestPageFactory(parent=parent, title=title, draft=True)
    page.tags.add(*tags)
    page.save()  # a draft's row holds its tags, as the admin saves a new page
    if state == "live":
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def main_html(response):
    return response.content.decode()


# -- discovery --------------------------------------------------------------------------------


def test_tagged_page_types_are_found_without_a_setting():
    assert cms_tags.tagged_page_models() == (TestPageTag,)


# -- the tag page -----------------------------------------------------------------------------


def test_tag_page_lists_live_commitments_and_pages_with_the_tag(client, content):
    page = tagged_page(content.home, "Página sobre contratación", ["contratación pública"])
    tagged_page(content.home, "Otra página", ["otra etiqueta"])
    response = client.get(tag_url("contratación pública"))
    assert response.status_code == 200
    html = main_html(response)
    assert "<h1>" in html and "contratación pública</h1>" in html
    assert "Contratación abierta" in html  # the commitment of build_content with the tag
    assert "Presupuesto abierto" not in html
    assert f'href="{page.url}"' in html and "Página sobre contratación" in html
    assert "Otra página" not in html
    # The commitment's card links its tags, the current one marked.
    assert re.search(r'<a class="tag" rel="tag" href="[^"]+" aria-current="page">contrataci', html)
    assert f'href="{tag_url("juntas de acción comunal")}"' in html


def test_unknown_tag_is_404(client, content):
    assert client.get("/etiquetas/no-existe/").status_code == 404
    assert client.get("/etiquetas/%00/").status_code == 404


def test_a_tag_only_a_draft_carries_never_shows(client, content):
    draft = Commitment.objects.get(pk=content.draft_commitment.pk)
    draft.tags.add("solo en borrador")
    draft.save()
    tagged_page(content.home, "Página en borrador", ["página en borrador"], state="draft")
    assert Tag.objects.filter(name="solo en borrador").exists()
    assert client.get(tag_url("solo en borrador")).status_code == 404
    assert client.get(tag_url("página en borrador")).status_code == 404
    index = main_html(client.get("/etiquetas/"))
    assert "solo en borrador" not in index and "página en borrador" not in index
    assert "contratación pública" in index
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/etiquetas/" in sitemap
    assert "borrador" not in sitemap


def test_a_private_page_and_an_unpublished_plan_do_not_make_a_tag_public(client, content):
    private = tagged_page(content.home, "Página privada", ["etiqueta privada"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden_plan = f.ActionPlanFactory(title="Plan sin publicar", draft=True)
    f.CommitmentFactory(
        title="Compromiso de un plan sin publicar", plan=hidden_plan, tags=["plan oculto"]
    )
    assert client.get(tag_url("etiqueta privada")).status_code == 404
    assert client.get(tag_url("plan oculto")).status_code == 404
    assert "plan oculto" not in main_html(client.get("/etiquetas/"))


def test_commitments_of_a_closed_plan_are_listed_under_their_plan_as_closed(client, content):
    newer = f.ActionPlanFactory(
        title="Plan nuevo", period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    f.CommitmentFactory(
        title="Compromiso del plan nuevo", plan=newer, tags=["contratación pública"]
    )
    html = main_html(client.get(tag_url("contratación pública")))
    current_at = html.index("Plan nuevo")
    closed_at = html.index(content.plan.title)
    assert current_at < closed_at  # the current plan first
    assert "Plan vigente" in html[current_at:closed_at]
    assert "Plan cerrado" in html[closed_at:]
    assert html.index("Compromiso del plan nuevo") < closed_at < html.index("Contratación abierta")


def test_tag_index_lists_each_tag_in_use_with_its_count(client, content):
    tagged_page(content.home, "Página etiquetada", ["contratación pública"])
    html = main_html(client.get("/etiquetas/"))
    assert f'href="{tag_url("contratación pública")}">contratación pública</a>' in html
    assert "(2 contenidos)" in html  # a commitment and a page


# -- tags where commitments and pages show ----------------------------------------------------


def test_commitment_page_and_cards_link_their_tags(client, content):
    commitment = Commitment.objects.get(title="Contratación abierta")
    link = f'href="{tag_url("contratación pública")}"'
    assert link in main_html(client.get(commitment.get_absolute_url()))
    assert link in main_html(client.get("/compromisos/"))


def test_tagged_page_shows_its_tags(client, content):
    page = tagged_page(content.home, "Página con etiquetas", ["datos abiertos"])
    assert f'href="{tag_url("datos abiertos")}"' in main_html(client.get(page.url))


# -- the commitment list's tag filter ---------------------------------------------------------


def test_commitment_list_filters_by_tag_with_the_other_filters(client, content):
    slug = Tag.objects.get(name="contratación pública").slug
    html = main_html(client.get("/compromisos/", {"etiqueta": slug}))
    assert "Contratación abierta" in html and "Presupuesto abierto" not in html
    assert re.search(rf'<option value="{re.escape(slug)}" selected>contratación pública', html)
    assert '<label for="f-etiqueta">' in html
    # Combined with the axis: the commitment's axis keeps it, another axis leaves none.
    axis_slug = content.axes[0].slug
    html = main_html(client.get("/compromisos/", {"etiqueta": slug, "eje": axis_slug}))
    assert "Contratación abierta" in html
    html = main_html(client.get("/compromisos/", {"etiqueta": slug, "eje": content.axes[1].slug}))
    assert "Contratación abierta" not in html
    assert "No hay compromisos publicados con estos criterios." in html


def test_commitment_list_unknown_tag_matches_nothing_and_never_errs(client, content):
    for value in ["no-existe", "\x00", "' OR 1=1 --"]:
        response = client.get("/compromisos/", {"etiqueta": value})
        assert response.status_code == 200
        assert "No hay compromisos publicados con estos criterios." in main_html(response)


def test_tag_filter_offers_only_tags_of_published_commitments(client, content):
    draft = Commitment.objects.get(pk=content.draft_commitment.pk)
    draft.tags.add("solo en borrador")
    draft.save()
    html = main_html(client.get("/compromisos/"))
    assert "contratación pública</option>" in html
    assert "solo en borrador" not in html


# -- sitemap ----------------------------------------------------------------------------------


def test_sitemap_lists_the_tags_in_use(client, content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/etiquetas/</loc>" in sitemap
    for name in ["contratación pública", "juntas de acción comunal"]:
        assert f"{tag_url(name)}</loc>" in sitemap


# -- queries ----------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_tag_pages_run_the_same_number_of_queries_with_ten_times_the_content(client, content):
    lead, axes = content.lead, content.axes
    tagged_page(content.home, "Página 0", ["prueba"])
    f.CommitmentFactory(title="Compromiso 0", tags=["prueba"], lead_institution=lead)
    urls = ["/etiquetas/", tag_url("prueba"), "/compromisos/?etiqueta=prueba"]
    before = [count_queries(client, url) for url in urls]
    for i in range(1, 10):
        tagged_page(content.home, f"Página {i}", ["prueba", f"etiqueta {i}"])
        f.CommitmentFactory(
            title=f"Compromiso {i}",
            axis=axes[i % 2],
            lead_institution=lead,
            supporting_actors=[content.coordinating],
            tags=["prueba", f"etiqueta {i}"],
            milestones=[f.MilestoneFactory.build(is_illustrative=bool(i % 2))],
        )
    html = main_html(client.get(tag_url("prueba")))
    assert html.count('class="card commitment-card"') == 10
    assert "Página 9" in html
    after = [count_queries(client, url) for url in urls]
    counts = {url: (b, a) for url, b, a in zip(urls, before, after, strict=True)}
    print("\nQueries (1 -> 10 tagged commitments and pages):", counts)
    assert after == before
