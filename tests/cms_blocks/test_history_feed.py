"""The RSS feed of a commitment's history (/compromisos/<slug>/historial/feed/): one item per
approved publication, newest first, in plain Spanish, links on the public address only, the
approver's group (their name only with the setting), never a reviewer's comment nor a draft."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import Milestone
from cms_blocks.moderation.roles import ADMINISTRATORS_ROLE, EDITORS_ROLE, REVIEWERS_ROLE
from tests import factories as f
from tests.public_host import OTHER_HOST, PUBLIC

from .history_support import (
    REVIEWER_COMMENT,
    SEND_BACK_COMMENT,
    logged_in,
    make_user,
    milestone_commitment,
    post_edit,
    publish_version,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def feed_url(commitment):
    return f"/compromisos/{commitment.slug}/historial/feed/"


def channel(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), response.content.decode()


def items(chan):
    return [{child.tag: (child.text or "") for child in item} for item in chan.findall("item")]


@pytest.fixture
def reviewed(content):
    """A commitment published once, then changed by an editor, sent back with a comment,
    changed again and approved by a reviewer with another comment."""
    editor = make_user(EDITORS_ROLE, "Elena", "Editora")
    reviewer = make_user(REVIEWERS_ROLE, "Ramiro", "Revisor")
    commitment = milestone_commitment()
    commitment = post_edit(
        logged_in(editor), commitment, summary="Propuesta devuelta", **{"action-submit": "1"}
    )
    commitment = workflow_action(logged_in(reviewer), commitment, "reject", SEND_BACK_COMMENT)
    commitment = post_edit(
        logged_in(editor), commitment, summary="Propuesta aprobada", **{"action-submit": "1"}
    )
    commitment = workflow_action(logged_in(reviewer), commitment, "approve", REVIEWER_COMMENT)
    return commitment, reviewer


def test_feed_lists_each_approved_publication_newest_first(client, reviewed):
    commitment, reviewer = reviewed
    chan, raw = channel(client, feed_url(commitment))
    assert chan.findtext("title").startswith(f"Historial de cambios · {commitment.title}")
    assert chan.findtext("link") == f"http://testserver{commitment.get_absolute_url()}#historial"
    entries = items(chan)
    assert len(entries) == 2
    latest, first = entries
    assert latest["title"].startswith("Publicación del ")
    assert "Se modificó: resumen" in latest["description"]
    assert "Aprobado por: Revisores." in latest["description"]
    assert "Primera publicación." in first["description"]
    assert "Avance publicado: 0 % (En curso), 0 de 2 hitos." in first["description"]
    assert latest["link"] != first["link"]
    for entry in entries:
        assert entry["link"].startswith(f"http://testserver{commitment.get_absolute_url()}#")
        assert entry["pubDate"]
        assert entry["category"] == commitment.plan.title
    for secret in (REVIEWER_COMMENT, SEND_BACK_COMMENT, "Propuesta devuelta", "Ramiro"):
        assert secret not in raw


def test_feed_names_the_approver_only_with_the_setting(client, reviewed, settings):
    commitment, reviewer = reviewed
    settings.CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES = True
    latest = items(channel(client, feed_url(commitment))[0])[0]
    assert "Aprobado por: Ramiro Revisor · Revisores." in latest["description"]


def test_the_page_links_its_feed(client, reviewed):
    commitment, _ = reviewed
    html = client.get(commitment.get_absolute_url()).content.decode()
    url = feed_url(commitment)
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{url}"' in html
    assert f'<a href="{url}">Seguir este historial por RSS</a>' in html
    for secret in (REVIEWER_COMMENT, SEND_BACK_COMMENT, "Propuesta devuelta"):
        assert secret not in html


def test_feed_links_are_on_the_public_address_never_the_request_host(client, public_host):
    commitment = milestone_commitment()
    chan, raw = channel(client, feed_url(commitment), HTTP_HOST=OTHER_HOST)
    assert chan.findtext("link").startswith(f"{PUBLIC}/compromisos/{commitment.slug}/")
    assert all(e["link"].startswith(PUBLIC) for e in items(chan))
    assert OTHER_HOST not in raw


def test_no_feed_for_a_draft_an_unpublished_commitment_or_a_plan_not_published(client, content):
    draft = f.CommitmentFactory(draft=True)
    assert client.get(feed_url(draft)).status_code == 404
    gone = f.CommitmentFactory(unpublished=True)
    assert client.get(feed_url(gone)).status_code == 404
    hidden_plan = f.ActionPlanFactory(draft=True, slug="plan-sin-publicar")
    hidden = f.CommitmentFactory(plan=hidden_plan, axis=f.AxisFactory(plan=hidden_plan))
    assert client.get(feed_url(hidden)).status_code == 404
    assert client.get("/compromisos/no-existe/historial/feed/").status_code == 404


def test_feed_queries_do_not_grow_with_the_history(client, content):
    admin = make_user(ADMINISTRATORS_ROLE, "Ada", "Administradora")
    commitment = milestone_commitment()
    url = feed_url(commitment)

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    one = count()
    for n in range(9):
        status = Milestone.Status.COMPLETED if n == 8 else Milestone.Status.IN_PROGRESS
        publish_version(commitment, admin, statuses={"Hito A": status}, summary=f"Versión {n}")
    assert len(items(channel(client, url)[0])) == 10
    assert count() == one
