"""The extension's JSON-LD (cms_blocks.structured_data, ``{% structured_data_script %}``), on
the extension's own test site: from the context its views render, with nothing from the site."""

import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from cms_blocks import structured_data
from cms_blocks.models import Commitment, Institution, MonitorReport
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "http://testserver"  # CMS_BLOCKS_PUBLIC_URL of the test site
SCRIPT = re.compile(r'^<script type="application/ld\+json">(.*)</script>$', re.S)
TAG = Template("{% load cms_blocks_seo %}{% structured_data_script %}")


def view_context(response):
    """The context the view rendered its page with (not an include's render_to_string)."""
    return next(
        flat
        for flat in (c.flatten() for c in response.context)
        if "request" in flat and "page_title" in flat
    )


def rendered_for(client, path, **extra):
    """The tag rendered with the context the view rendered (its request included)."""
    response = client.get(path)
    assert response.status_code == 200, path
    context = view_context(response)
    context.update(extra)
    return TAG.render(Context(context))


def data_of(script):
    match = SCRIPT.match(script)
    assert match, script
    return json.loads(match.group(1))


def test_commitment_page_is_a_government_service_of_its_live_lead_institution(content, client):
    commitment = Commitment.objects.live().filter(lead_institution__live=True).first()
    data = data_of(rendered_for(client, commitment.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == commitment.title
    assert data["url"] == PUBLIC + commitment.get_absolute_url()
    assert data["provider"] == {
        "@type": "GovernmentOrganization",
        "name": commitment.lead_institution.name,
        "url": commitment.lead_institution.website
        or PUBLIC + commitment.lead_institution.get_absolute_url(),
    }
    assert data["isPartOf"]["name"] == commitment.plan.title


def test_a_draft_lead_institution_is_left_out(content, client):
    lead = f.InstitutionFactory(name="Institución en borrador", role=Institution.Role.LEAD)
    commitment = f.CommitmentFactory(lead_institution=lead)
    Institution.objects.filter(pk=lead.pk).update(live=False)
    data = data_of(rendered_for(client, commitment.get_absolute_url()))
    assert "provider" not in data
    assert "borrador" not in json.dumps(data)


def test_report_page_is_a_report_about_its_commitment(content, client):
    report = MonitorReport.objects.live().exclude(commitment=None).first() or (
        MonitorReport.objects.live().first()
    )
    data = data_of(rendered_for(client, report.get_absolute_url()))
    assert data["@type"] == "Report"
    assert data["name"] == report.title
    assert data["url"] == PUBLIC + report.get_absolute_url()
    if report.monitor_id and report.monitor.live:
        assert data["author"]["name"] == report.monitor.name
    if report.commitment_id:
        assert data["about"]["url"] == PUBLIC + report.commitment.get_absolute_url()


def test_open_data_catalogue_lists_every_dataset_with_a_download_per_format(content, client):
    data = data_of(rendered_for(client, "/datos/"))
    assert data["@type"] == "DataCatalog"
    assert data["url"] == PUBLIC + "/datos/"
    slugs = {d["url"].rsplit("#", 1)[1] for d in data["dataset"]}
    assert {"compromisos", "hitos", "instituciones"} <= slugs
    for dataset in data["dataset"]:
        assert [d["encodingFormat"] for d in dataset["distribution"]] == [
            "text/csv",
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ]
        for download in dataset["distribution"]:
            path = download["contentUrl"].removeprefix(PUBLIC)
            assert path.startswith("/datos/") and path.endswith(download["name"])


def test_a_plan_catalogue_names_the_plan_and_its_own_files(content, client):
    plan = content.plan
    path = f"/planes/{plan.slug}/datos/"
    data = data_of(rendered_for(client, path))
    assert plan.title in data["name"]
    for dataset in data["dataset"]:
        assert plan.title in dataset["name"]
        for download in dataset["distribution"]:
            assert download["contentUrl"].startswith(f"{PUBLIC}/planes/{plan.slug}/datos/")
    assert "instituciones" not in {d["url"].rsplit("#", 1)[1] for d in data["dataset"]}


def test_previews_and_other_pages_get_none(content, client):
    commitment = Commitment.objects.live().first()
    assert rendered_for(client, commitment.get_absolute_url(), is_preview=True) == ""
    assert rendered_for(client, "/compromisos/") == ""
    request = RequestFactory().get("/")
    request.is_preview = True  # as Wagtail marks a page's preview request
    assert TAG.render(Context({"request": request, "object": commitment})) == ""


def test_a_draft_object_gets_none(content):
    draft = f.CommitmentFactory(draft=True)
    request = RequestFactory().get(draft.get_absolute_url())
    assert TAG.render(Context({"request": request, "object": draft})) == ""


def test_the_script_escapes_what_could_close_it():
    script = structured_data.json_ld_script({"name": "</script><script>alert(1)</script> & más"})
    body = SCRIPT.match(script).group(1)
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & más"


def test_rich_text_becomes_plain_text_with_word_breaks():
    assert structured_data.plain("<ul><li>uno:</li><li>dos &amp; tres</li></ul>") == (
        "uno: dos & tres"
    )


def test_the_tag_runs_no_query(content, client, django_assert_num_queries):
    commitment = Commitment.objects.live().first()
    response = client.get(commitment.get_absolute_url())
    context = Context(view_context(response))
    with django_assert_num_queries(0):
        TAG.render(context)
