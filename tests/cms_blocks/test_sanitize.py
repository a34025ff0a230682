"""Stored XSS: rich text is sanitised by a real sanitiser on every way in, and the CSV import
refuses markup that hides tags from a naive tokenizer."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms_blocks.models import Commitment
from cms_blocks.opendata.importers import CommitmentImport
from cms_blocks.opendata.importers import cells as importers
from cms_blocks.sanitize import sanitize_html

# Each of these renders an <img onerror> or a script in a browser.
PAYLOADS = [
    "<p>x</p><!--><img src=x onerror=alert(1)>-->",
    "<p>x</p><![CDATA[><img src=x onerror=alert(1)>]]>",
    "<p>x</p><img src=x onerror=alert(1)",
    "<p>x</p><? ><img src=x onerror=alert(1)> ?>",
    "<p>x</p><!DOCTYPE x><img src=x onerror=alert(1)>",
    "<p>x</p><script>alert(1)</script>",
    '<p>x</p><a href="javascript:alert(1)">y</a>',
    '<p>x</p><a href=" JaVaScRiPt:alert(1)">y</a>',
    '<p onclick="alert(1)">x</p>',
    "<p>x</p><svg><script>alert(1)</script></svg>",
    "<p>x</p><iframe srcdoc='<script>alert(1)</script>'></iframe>",
]
DANGEROUS = ("<img", "onerror", "<script", "javascript:", "onclick", "<svg", "<iframe", "srcdoc")


def harmless(html):
    lowered = html.lower()
    return not any(marker in lowered for marker in DANGEROUS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sanitiser_removes_every_payload(payload):
    cleaned = sanitize_html(payload)
    assert harmless(cleaned), cleaned
    assert "x" in cleaned  # the text survives


def test_the_sanitiser_keeps_wagtail_rich_text():
    stored = (
        '<p data-block-key="a1">Texto <b>fuerte</b> e <i>itálico</i> &amp; más</p>'
        '<h3 data-block-key="a2">Título</h3><ul><li>uno</li></ul>'
        '<p><a linktype="page" id="3">interno</a> <a href="https://example.org/?a=1&amp;b=2">'
        'externo</a> <a href="mailto:x@example.org">correo</a></p>'
    )
    assert sanitize_html(stored) == stored


# -- the CSV import ---------------------------------------------------------------------------


def exported_rows(client):
    response = client.get("/datos/compromisos.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


def to_csv(rows):
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_the_import_refuses_markup_that_hides_tags(client, content, payload):
    rows = exported_rows(client)
    rows[0]["problema"] = payload
    job = CommitmentImport(to_csv(rows))
    assert not job.validate()
    [issue] = job.issues
    assert (issue.line, issue.column) == (2, "problema")
    assert issue.message.startswith("HTML no permitido")


@pytest.mark.django_db
def test_the_import_stores_sanitised_html_even_when_its_checker_misses(
    client, content, monkeypatch
):
    """The checker only words the message; the sanitiser is what keeps the draft safe."""
    monkeypatch.setattr(importers, "check_html", lambda value: [])
    rows = exported_rows(client)
    rows[0]["problema"] = PAYLOADS[0]
    job = CommitmentImport(to_csv(rows))
    assert job.validate(), [str(i) for i in job.issues]
    job.apply()
    commitment = Commitment.objects.get(slug=rows[0]["slug"])
    draft = commitment.get_latest_revision_as_object()
    assert harmless(draft.problem) and "x" in draft.problem
    assert harmless(str(commitment.get_latest_revision().content["problem"]))


# -- the field: a revision written by any path is sanitised when it is previewed or published --


@pytest.fixture
def tainted_commitment(content):
    """A live commitment whose latest revision carries raw HTML, as if written bypassing forms."""
    commitment = Commitment.objects.live().first()
    revision = commitment.save_revision()
    revision.content["problem"] = PAYLOADS[0] + PAYLOADS[6]
    revision.content["monitor_notes"] = PAYLOADS[2]
    revision.save(update_fields=["content"])
    return commitment, revision


@pytest.mark.django_db
def test_the_reviewers_preview_of_a_tainted_revision_is_sanitised(client, tainted_commitment):
    commitment, revision = tainted_commitment
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.org", "x"))
    url = reverse(
        commitment.snippet_viewset.get_url_name("revisions_view"), args=(commitment.pk, revision.pk)
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "onerror" not in html and "javascript:alert" not in html


@pytest.mark.django_db
def test_a_published_tainted_revision_is_stored_and_served_sanitised(client, tainted_commitment):
    commitment, revision = tainted_commitment
    revision.publish()
    commitment.refresh_from_db()
    assert harmless(commitment.problem) and harmless(commitment.monitor_notes)
    stored = Commitment.objects.filter(pk=commitment.pk).values_list("problem", flat=True).get()
    assert harmless(stored)
    html = client.get(f"/compromisos/{commitment.slug}/").content.decode()
    assert "onerror" not in html and "javascript:alert" not in html
