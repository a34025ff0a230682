"""Chromium: a citizen follows a commitment, confirms from the e-mail, gets the notice of a
reviewer-approved change and leaves with the one-click unsubscribe (RFC 8058).

axe (WCAG 2.1 A/AA) runs on every follow page.
"""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Milestone
from home.roles import EDITORS, REVIEWERS
from participation.models import FollowNotice, FollowSubscription
from tests.cms_blocks.history_support import milestone_commitment, new_version

from .admin_helpers import make_user

pytestmark = pytest.mark.browser

ADDRESS = "vecina.sigue@example.org"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def first_link(text, kind):
    found = re.findall(rf"http://\S+/seguimiento/{kind}/[^\s/]+/", text)
    assert found, text
    return found[0]


def approve_change(commitment):
    """An editor submits a version with «Hito A» completed; a reviewer approves it (the
    workflow publishes it, as the admin's «Aprobar» does)."""
    editor, reviewer = make_user("editora", EDITORS), make_user("revisor", REVIEWERS)
    draft = new_version(commitment, {"Hito A": Milestone.Status.COMPLETED})
    draft.save_revision(user=editor)
    workflow = commitment.get_workflow()
    assert workflow is not None
    workflow.start(Commitment.objects.get(pk=commitment.pk), editor)
    for _ in range(5):
        task_state = Commitment.objects.get(pk=commitment.pk).current_workflow_task_state
        if task_state is None:
            break
        task_state.approve(user=reviewer)
    published = Commitment.objects.get(pk=commitment.pk)
    assert published.live and published.live_revision_id == published.latest_revision_id


def test_citizen_follows_confirms_is_notified_and_unsubscribes_in_one_click(
    live_seeded, page, axe_check
):
    commitment = milestone_commitment()

    # The commitment page carries a plain link to the follow page.
    page.goto(live_seeded.url + commitment.get_absolute_url())
    page.get_by_role("link", name="Seguir este compromiso").click()
    expect(page.locator("h1")).to_have_text("Seguir este compromiso")
    expect(page.get_by_role("link", name="Historial de cambios (RSS)")).to_be_visible()
    axe_check(page)

    # A missing consent gets a Spanish message (and the page still passes axe).
    page.get_by_label("Correo electrónico").fill(ADDRESS)
    page.get_by_role("button", name="Seguir este compromiso").click()
    expect(page.locator(".error-summary")).to_contain_text("Debe autorizar el tratamiento")
    axe_check(page)

    page.get_by_label("Correo electrónico").fill(ADDRESS)
    page.get_by_label("Un correo por cada cambio aprobado").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Seguir este compromiso").click()
    page.wait_for_url(re.compile(r"/seguir/revise-su-correo/$"))
    expect(page.locator("h1")).to_have_text("Revise su correo")
    axe_check(page)

    # The confirmation e-mail (the live server runs in this process: locmem outbox).
    (confirmation,) = [m for m in mail.outbox if m.to == [ADDRESS]]
    page.goto(first_link(confirmation.body, "confirmar"))
    expect(page.locator("h1")).to_have_text("Confirmar el seguimiento")
    axe_check(page)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("main .lead")).to_contain_text("su correo quedó confirmado")
    axe_check(page)
    assert FollowSubscription.objects.get(email=ADDRESS).is_confirmed

    # A reviewer approves a change; the outbox holds it; the command sends it.
    approve_change(commitment)
    assert FollowNotice.objects.count() == 1
    call_command("send_follow_mail", stdout=io.StringIO())
    (notice,) = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert notice.to == [ADDRESS]
    assert "Hito «Hito A»: de Sin iniciar a Completado." in notice.body
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = re.fullmatch(r"<(.+)>", notice.extra_headers["List-Unsubscribe"]).group(1)

    # The links of the message: manage, and the unsubscribe confirmation page.
    page.goto(first_link(notice.body, "gestionar"))
    expect(page.locator("h1")).to_have_text("Mis seguimientos")
    expect(page.get_by_role("link", name=commitment.title, exact=True)).to_be_visible()
    axe_check(page)
    page.goto(unsubscribe_url)
    expect(page.locator("h1")).to_have_text("Dejar de seguir este compromiso")
    axe_check(page)
    assert FollowSubscription.objects.filter(email=ADDRESS).exists()  # a GET changes nothing

    # The mail client's one-click POST: no cookie, no CSRF token, no login.
    response = page.request.post(
        unsubscribe_url,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert "Ya no sigue este compromiso" in response.text()
    assert not FollowSubscription.objects.filter(email=ADDRESS).exists()
    page.goto(unsubscribe_url)
    expect(page.locator("h1")).to_have_text("El enlace no es válido")
    axe_check(page)
    assert page.external_requests == []
