"""Chromium: a commitment page with its «Historial de cambios» (the seed's publication and a
reviewer's later one) passes axe (WCAG 2.1 A/AA) on a phone and a desktop, requests nothing
from another host, scrolls no sideways, and links its RSS feed, which answers.

In the site's suite (the seed, its base template and chrome): the extension's own suite has no
live server.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Milestone
from cms_blocks.moderation.roles import REVIEWERS_ROLE, group_name

pytestmark = pytest.mark.browser

WIDTHS = {"móvil": 390, "escritorio": 1280}


def publish_a_change(commitment):
    """A later publication by a reviewer: one milestone moves on."""
    reviewer = get_user_model().objects.create_superuser(
        username="revisora-historial", email="revisora@example.org", password="x"
    )
    reviewer.groups.add(Group.objects.get(name=group_name(REVIEWERS_ROLE)))
    draft = commitment.get_latest_revision_as_object()
    milestones = list(draft.milestones.all())
    moved = next(m for m in milestones if m.status != Milestone.Status.COMPLETED)
    moved.status = Milestone.Status.COMPLETED
    draft.milestones = milestones
    draft.save_revision(user=reviewer).publish(user=reviewer)
    return moved.title


def test_commitment_history_passes_axe_and_links_its_feed(live_seeded, page, axe_check):
    commitment = Commitment.objects.live().get(code="COCDI0001")
    title = publish_a_change(commitment)
    url = f"{live_seeded.url}{commitment.get_absolute_url()}"
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200
        section = page.locator("section.commitment-history")
        expect(section.get_by_role("heading", name="Historial de cambios")).to_be_visible()
        entries = section.locator("ol.history-list > li")
        expect(entries).to_have_count(2)
        expect(entries.first).to_contain_text(f"Hito «{title}»")
        expect(entries.first).to_contain_text("a Completado")
        expect(entries.last).to_contain_text("Primera publicación.")
        expect(entries.first).to_contain_text(f"Grupo {group_name(REVIEWERS_ROLE)}")
        axe_check(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px de desplazamiento horizontal a {width}px"
    assert page.external_requests == []
    alternate = page.locator(
        'link[rel="alternate"][type="application/rss+xml"][href*="/historial/feed/"]'
    )
    expect(alternate).to_have_count(1)
    link = page.get_by_role("link", name="Seguir este historial por RSS")
    feed = page.request.get(live_seeded.url + link.get_attribute("href"))
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert f"Hito «{title}»" in feed.text()
