"""/sitemap.xml lists the same public URLs in a fixed number of queries, whatever the content.

The pages come in one query (the private sections as a subquery, no COUNT, no query per page
type: ``cms_blocks.sitemaps.PageSitemap``), every snippet kind in one ``UNION ALL``
(``published_objects``), then the tags in use and the open data's plans.
"""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cms_blocks.models import ActionPlan, Commitment, Committee, Consultation, MonitorReport
from cms_blocks.registry import sitemap_kinds
from cms_blocks.sitemaps import published_objects
from home.models import ContentPage, HomePage
from tests import factories as f

pytestmark = pytest.mark.django_db

SITEMAP_QUERIES = 5  # as QUERY_BUDGETS["/sitemap.xml"] in tests/home/test_fragment_cache.py


def sitemap(client):
    client.get("/sitemap.xml")  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return len(context.captured_queries), locations, context.captured_queries


def content_page(parent, title, tags=()):
    page = ContentPage(title=title, slug=f"p-{uuid.uuid4().hex[:8]}")
    parent.add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def grow(factor=10):
    """``factor`` times the pages (a section with subpages too), commitments, reports,
    consultations and committees, with new tags, a new plan, a draft and a private section."""
    home = HomePage.objects.get()
    for i in range(factor):
        section = content_page(home, f"Sección {i}", tags=[f"etiqueta de página {i}"])
        content_page(section, f"Subpágina {i}")
    plan = f.ActionPlanFactory(slug="plan-del-sitemap")
    for i in range(factor):
        f.CommitmentFactory(plan=plan, tags=[f"etiqueta {i}"])
        f.MonitorReportFactory(plan=plan)
        f.ConsultationFactory(plan=plan)
        f.CommitteeFactory(plan=plan)
    f.CommitmentFactory(plan=plan, slug="compromiso-en-borrador", draft=True)
    private = content_page(home, "Sección privada")
    content_page(private, "Subpágina privada")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return private


def expected_pages():
    """What Wagtail's own page sitemap lists: live, public pages below the Site's root."""
    root = Site.objects.get(is_default_site=True).root_page
    pages = Page.objects.descendant_of(root, inclusive=True).live().public().order_by("path")
    return [page.get_full_url() for page in pages]


def test_the_sitemap_costs_the_same_queries_with_ten_times_the_content(client, seeded):
    before, _locations, queries = sitemap(client)
    assert before <= SITEMAP_QUERIES, "\n".join(q["sql"][:160] for q in queries)
    private = grow()
    after, locations, queries = sitemap(client)
    assert after == before, "\n".join(q["sql"][:160] for q in queries)

    # What it lists: every public page, first, in tree order; no private page nor draft.
    pages = expected_pages()
    assert len(pages) > 20 and locations[: len(pages)] == pages
    assert not [url for url in locations if private.url in url]
    assert not [url for url in locations if "compromiso-en-borrador" in url]
    for model in (ActionPlan, Commitment, MonitorReport, Consultation, Committee):
        for obj in model.objects.live():
            if getattr(obj, "plan", None) is None or obj.plan.live:
                assert any(url.endswith(obj.get_absolute_url()) for url in locations), obj
    assert any(url.endswith("/planes/plan-del-sitemap/compromisos/") for url in locations)
    assert any("etiqueta-9" in url for url in locations)


def test_published_objects_are_each_kinds_own_in_its_order(seeded):
    f.CommitmentFactory(tags=["otra"])
    f.MonitorReportFactory()
    kinds = sitemap_kinds()
    found = published_objects(kinds)
    expected = []
    for kind in kinds:
        objects = kind.model.objects.live()
        if kind.plan_lookup:
            objects = objects.filter(**{f"{kind.plan_lookup}__live": True})
        if not objects.query.order_by and not kind.model._meta.ordering:
            objects = objects.order_by("pk")
        expected += [(kind.model, obj.pk, obj.slug, obj.last_published_at) for obj in objects]
    assert [
        (type(obj), obj.pk, obj.slug, obj.last_published_at) for _kind, obj in found
    ] == expected
    assert all(isinstance(obj, kind.model) for kind, obj in found)
