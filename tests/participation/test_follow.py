"""«Seguir este compromiso»: double opt-in, the outbox written by approved publications, the
sending command (immediate and daily), one-click unsubscribe, expiry, and no address in any
public output."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms_blocks.models import Milestone
from cms_blocks.moderation.roles import EDITORS_ROLE, REVIEWERS_ROLE
from participation.follow import tokens
from participation.follow.outbox import worth_a_notice
from participation.models import FollowNotice, FollowSubscription
from tests import factories as f
from tests.cms_blocks.history_support import (
    admin_url,
    edit_form,
    in_the_past,
    logged_in,
    make_user,
    milestone_commitment,
    new_version,
    publish_version,
)

pytestmark = pytest.mark.django_db

DONE, GOING = Milestone.Status.COMPLETED, Milestone.Status.IN_PROGRESS
ADDRESS = "vecina.seguidora@example.org"
LINK = r"https?://[^\s\"<>]+/seguimiento/{kind}/[^\s\"<>/]+/"


@pytest.fixture
def users(seeded):
    return {
        "editor": make_user(EDITORS_ROLE, "Elena", "Editora"),
        "reviewer": make_user(REVIEWERS_ROLE, "Ramiro", "Revisor"),
    }


@pytest.fixture
def commitment(seeded):
    return milestone_commitment()


def follow_url(commitment):
    return f"/compromisos/{commitment.slug}/seguir/"


def ask_to_follow(client, commitment, email=ADDRESS, frequency="inmediato", consent=True):
    data = {"email": email, "frequency": frequency}
    if consent:
        data["consent"] = "on"
    return client.post(follow_url(commitment), data)


def link(message, kind):
    found = re.findall(LINK.format(kind=kind), message.body)
    assert found, message.body
    return "/" + found[0].split("://", 1)[1].split("/", 1)[1]


def follower(commitment, email=ADDRESS, frequency="inmediato"):
    """A confirmed subscription, through the pages a citizen uses."""
    client = Client()
    assert ask_to_follow(client, commitment, email, frequency).status_code == 302
    confirm = link(mail.outbox[-1], "confirmar")
    assert client.post(confirm).status_code == 200
    subscription = FollowSubscription.objects.get(commitment=commitment, email=email)
    assert subscription.is_confirmed
    mail.outbox.clear()
    return subscription


def approve(users, commitment, statuses=None, **changes):
    """The editor submits a version (milestone statuses by title); the reviewer approves it."""
    editor = logged_in(users["editor"])
    data = edit_form(editor, commitment, **changes, **{"action-submit": "1"})
    for key, value in list(data.items()):
        if key.startswith("milestones-") and key.endswith("-title") and value in (statuses or {}):
            data[key.replace("-title", "-status")] = statuses[value]
    assert editor.post(admin_url(commitment, "edit"), data).status_code == 302
    reviewer = logged_in(users["reviewer"])
    task_state = type(commitment).objects.get(pk=commitment.pk).current_workflow_task_state
    response = reviewer.post(
        admin_url(commitment, "workflow_action", "approve", task_state.pk), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    return type(commitment).objects.get(pk=commitment.pk)


def notices_sent():
    """The follow notices in the outbox (Wagtail also mails the moderation steps to staff)."""
    return [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]


def send(*args):
    call_command("send_follow_mail", *args, stdout=io.StringIO())


# -- the link, the form, the double opt-in ----------------------------------------------------


def test_the_commitment_page_links_to_the_follow_page_with_no_form(client, commitment):
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{follow_url(commitment)}"' in html
    assert "Seguir este compromiso" in html
    assert "csrfmiddlewaretoken" not in html  # the page is cached for every visitor


def test_the_follow_page_has_the_form_the_feed_link_and_is_never_cached(client, commitment):
    response = client.get(follow_url(commitment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html and 'name="consent"' in html
    assert f"/compromisos/{commitment.slug}/historial/feed/" in html
    assert "Un resumen diario" in html
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_an_unpublished_commitment_cannot_be_followed(client, seeded):
    draft = f.CommitmentFactory(draft=True)
    assert client.get(follow_url(draft)).status_code == 404


def test_asking_sends_a_confirmation_and_nothing_is_followed_until_confirmed(client, commitment):
    response = ask_to_follow(client, commitment, email=" Vecina.Seguidora@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == f"/compromisos/{commitment.slug}/seguir/revise-su-correo/"
    assert client.get(response["Location"]).status_code == 200
    subscription = FollowSubscription.objects.get()
    assert subscription.email == ADDRESS and not subscription.is_confirmed
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert "Confirme" in message.subject
    html = message.alternatives[0][0]
    assert 'lang="es"' in html and "/seguimiento/confirmar/" in html
    # The GET of the link (a mail scanner) confirms nothing; the button does.
    confirm = link(message, "confirmar")
    page = client.get(confirm)
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    page = client.post(confirm)
    assert "Listo: su correo quedó confirmado" in page.content.decode()
    assert "/seguimiento/gestionar/" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_an_unconfirmed_request_gets_no_notice(client, commitment, users):
    assert ask_to_follow(client, commitment).status_code == 302
    approve(users, commitment, {"Hito A": DONE})
    assert not FollowNotice.objects.exists()


def test_consent_is_required_and_nothing_is_stored(client, commitment):
    response = ask_to_follow(client, commitment, consent=False)
    assert response.status_code == 400
    assert "Debe autorizar el tratamiento de datos" in response.content.decode()
    assert not FollowSubscription.objects.exists() and not mail.outbox


def test_a_bad_address_gets_a_spanish_message(client, commitment):
    response = ask_to_follow(client, commitment, email="no-es-un-correo")
    assert response.status_code == 400
    assert "Escriba un correo electrónico válido" in response.content.decode()


def test_a_token_works_only_for_its_purpose_and_a_forged_one_for_none(client, commitment):
    subscription = follower(commitment)
    unsubscribe = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
    assert client.get(f"/seguimiento/confirmar/{unsubscribe}/").status_code == 404
    assert client.get(f"/seguimiento/gestionar/{unsubscribe}/").status_code == 404
    forged = f"{subscription.pk}.{'0' * 40}"
    assert client.post(f"/seguimiento/baja/{forged}/").status_code == 404
    assert client.get("/seguimiento/baja/basura/").status_code == 404
    assert FollowSubscription.objects.filter(pk=subscription.pk).exists()


def test_asking_again_when_already_following_sends_the_manage_link_only(client, commitment):
    subscription = follower(commitment, frequency="diario")
    assert ask_to_follow(client, commitment, frequency="inmediato").status_code == 302
    (message,) = mail.outbox
    assert "ya sigue" in message.subject
    assert link(message, "gestionar")
    subscription.refresh_from_db()
    assert subscription.frequency == "diario" and subscription.is_confirmed


def test_requests_for_one_address_are_rate_limited(client, commitment):
    for _ in range(3):
        assert ask_to_follow(client, commitment).status_code == 302
    response = ask_to_follow(client, commitment)
    assert response.status_code == 429
    assert "Ya enviamos varios mensajes a este correo" in response.content.decode()
    assert len(mail.outbox) == 3


def test_a_request_is_refused_when_the_mail_cannot_leave_and_no_address_is_kept(
    client, commitment, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = ask_to_follow(client, commitment)
    assert response.status_code == 503
    assert "No pudimos enviar el correo" in response.content.decode()
    assert not FollowSubscription.objects.exists()


# -- what writes the outbox, and what does not ----------------------------------------------


def test_a_reviewer_approval_sends_exactly_one_message_with_one_click_unsubscribe(
    commitment, users
):
    subscription = follower(commitment)
    commitment = approve(users, commitment, {"Hito A": DONE})
    assert FollowNotice.objects.count() == 1
    send()
    send()  # a second run sends nothing again
    (message,) = notices_sent()
    assert message.to == [ADDRESS]
    assert commitment.title in message.subject
    assert "Hito «Hito A»: de Sin iniciar a Completado." in message.body
    assert "Avance: de 0 % a 50 %." in message.body
    unsubscribe = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith("http://testserver/seguimiento/baja/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/seguimiento/gestionar/" in message.body
    html = message.alternatives[0][0]
    assert unsubscribe in html and "Gestionar mis seguimientos" in html
    assert FollowNotice.objects.get().sent_at is not None
    assert subscription.pk == FollowNotice.objects.get().subscription_id


def test_drafts_previews_and_submissions_write_no_notice(commitment, users):
    follower(commitment)
    editor = logged_in(users["editor"])
    # A draft saved in the admin.
    data = edit_form(editor, commitment)
    for key, value in list(data.items()):
        if key.startswith("milestones-") and key.endswith("-title") and value == "Hito A":
            data[key.replace("-title", "-status")] = DONE
    assert editor.post(admin_url(commitment, "edit"), data).status_code == 302
    # A preview of it.
    preview = admin_url(commitment, "preview_on_edit")
    assert editor.post(preview, data).json()["is_valid"] is True
    assert editor.get(preview).status_code == 200
    # Submitted for moderation, not yet approved.
    data["action-submit"] = "1"
    assert editor.post(admin_url(commitment, "edit"), data).status_code == 302
    assert type(commitment).objects.get(pk=commitment.pk).current_workflow_task_state
    send()
    send("--digest")
    assert not FollowNotice.objects.exists() and not notices_sent()


def test_a_reworded_text_is_published_without_a_notice(commitment, users):
    follower(commitment)
    approve(users, commitment, summary="Un resumen con otras palabras")
    assert not FollowNotice.objects.exists()


def test_a_scheduled_version_notifies_only_when_publish_scheduled_makes_it_live(commitment, users):
    follower(commitment)
    draft = new_version(commitment, {"Hito A": DONE})
    draft.go_live_at = timezone.now() + dt.timedelta(days=1)
    revision = draft.save_revision(user=users["reviewer"])
    revision.publish(user=users["reviewer"])
    assert not FollowNotice.objects.exists()  # scheduled, not live yet
    in_the_past(revision)
    call_command("publish_scheduled", stdout=io.StringIO())
    assert FollowNotice.objects.count() == 1
    send()
    assert len(notices_sent()) == 1


def test_which_changes_make_a_notice():
    assert worth_a_notice([{"field": "progress", "from": 0, "to": 50}])
    assert worth_a_notice([{"milestone": "A", "from": "not_started", "to": "completed"}])
    assert worth_a_notice([{"milestone": "A", "added": True, "to": "not_started"}])
    assert not worth_a_notice([{"field": "summary"}, {"milestone": "A", "fields": ["title"]}])
    assert not worth_a_notice([{"first": True}])


def test_a_new_monitor_report_notifies_once_and_a_draft_report_never(commitment, users):
    follower(commitment)
    report = f.MonitorReportFactory(draft=True, commitment=commitment, title="Informe del monitor")
    assert not FollowNotice.objects.exists()
    report.save_revision().publish()
    assert FollowNotice.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    report.save_revision().publish()  # published again: not new
    assert FollowNotice.objects.count() == 1
    send()
    (message,) = notices_sent()
    assert "Nuevo informe del monitor" in message.subject
    assert "Informe del monitor" in message.body and report.get_absolute_url() in message.body


def test_two_followers_get_one_message_each(commitment, users):
    follower(commitment, "una@example.org")
    follower(commitment, "otra@example.org")
    publish_version(commitment, users["reviewer"], {"Hito B": DONE})
    send()
    assert sorted(m.to[0] for m in notices_sent()) == ["otra@example.org", "una@example.org"]


def test_the_daily_digest_groups_the_days_changes(commitment, users):
    follower(commitment, frequency="diario")
    commitment = approve(users, commitment, {"Hito A": DONE})
    publish_version(commitment, users["reviewer"], {"Hito B": DONE})
    assert FollowNotice.objects.count() == 2
    send()
    assert not notices_sent()  # a daily follower waits for the digest
    send("--digest")
    send("--digest")
    (message,) = notices_sent()
    assert "Resumen diario" in message.subject
    assert "Hito «Hito A»" in message.body and "Hito «Hito B»" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_failed_delivery_is_retried_by_the_next_run(commitment, users, settings):
    follower(commitment)
    publish_version(commitment, users["reviewer"], {"Hito A": DONE})
    smtp = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    send()
    notice = FollowNotice.objects.get()
    assert notice.sent_at is None and notice.attempts == 1 and notice.claim == ""
    settings.EMAIL_BACKEND = smtp
    send()
    assert len(notices_sent()) == 1


# -- leaving -----------------------------------------------------------------------------------


def test_one_click_unsubscribe_needs_no_csrf_nor_login_and_deletes_the_address(commitment, users):
    subscription = follower(commitment)
    publish_version(commitment, users["reviewer"], {"Hito A": DONE})
    url = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
    url = f"/seguimiento/baja/{url}/"
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url)  # the confirmation page: nothing deleted yet
    assert page.status_code == 200 and "Dejar de seguir" in page.content.decode()
    assert FollowSubscription.objects.filter(pk=subscription.pk).exists()
    response = strict.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Ya no sigue este compromiso" in response.content.decode()
    assert not FollowSubscription.objects.filter(email=ADDRESS).exists()
    assert not FollowNotice.objects.exists()  # the pending notice went with it
    send()
    assert not notices_sent()
    assert strict.post(url).status_code == 404  # the link died with the subscription


def test_the_manage_page_lists_the_addresses_subscriptions_and_changes_them(
    client, commitment, seeded
):
    other = milestone_commitment()
    mine = follower(commitment)
    follower(other)
    stranger = follower(commitment, "otra@example.org")
    url = f"/seguimiento/gestionar/{tokens.make_token(mine, tokens.MANAGE)}/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert commitment.title in html and other.title in html
    assert ADDRESS not in html
    assert tokens.make_token(stranger, tokens.UNSUBSCRIBE) not in html
    response = client.post(url, {"seguimiento": mine.pk, "frequency": "diario"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.frequency == "diario"
    assert "Guardamos su preferencia" in client.get(response["Location"]).content.decode()
    # Another address's subscription cannot be changed from this page.
    assert client.post(url, {"seguimiento": stranger.pk, "frequency": "diario"}).status_code == 400
    response = client.post(url, {"accion": "todos"})
    assert "Ya no sigue ningún compromiso" in response.content.decode()
    assert list(FollowSubscription.objects.values_list("email", flat=True)) == ["otra@example.org"]


# -- expiry --------------------------------------------------------------------------------------


def test_unconfirmed_requests_expire_and_are_purged(client, commitment, settings):
    settings.OGP_FOLLOW_CONFIRM_DAYS = 7
    assert ask_to_follow(client, commitment).status_code == 302
    confirm = link(mail.outbox[-1], "confirmar")
    confirmed = follower(commitment, "confirmada@example.org")
    FollowSubscription.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert client.get(confirm).status_code == 410
    assert client.post(confirm).status_code == 410
    call_command("purge_follow_requests", stdout=io.StringIO())
    assert list(FollowSubscription.objects.all()) == [confirmed]
    assert client.get(confirm).status_code == 404


def test_an_expired_request_asked_again_gets_a_new_link(client, commitment):
    assert ask_to_follow(client, commitment).status_code == 302
    old = link(mail.outbox[-1], "confirmar")
    FollowSubscription.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert ask_to_follow(client, commitment).status_code == 302
    new = link(mail.outbox[-1], "confirmar")
    assert new != old
    assert client.get(old).status_code == 404
    assert client.post(new).status_code == 200
    assert FollowSubscription.objects.get().is_confirmed


# -- privacy -------------------------------------------------------------------------------------


def test_no_address_in_any_public_output(client, commitment, users, settings):
    from cms_blocks.api import api_kinds

    settings.OGP_PAGE_CACHE = False
    follower(commitment, "privada.7q9@example.org")
    publish_version(commitment, users["reviewer"], {"Hito A": DONE})
    urls = [
        "/",
        "/compromisos/",
        commitment.get_absolute_url(),
        follow_url(commitment),
        f"/compromisos/{commitment.slug}/historial/feed/",
        "/informes/feed/",
        "/novedades/feed/",
        "/sitemap.xml",
        "/datos/",
        "/buscar/?q=privada",  # a search page repeats its query: no part of the domain in it
        "/buscar/?q=example",
        "/api/v2/pages/",
    ]
    urls += [f"/api/v2/{kind.api}/" for kind in api_kinds()]
    index = client.get("/datos/").content.decode()
    datasets = re.findall(r'href="(/datos/[-a-z0-9]+\.(?:csv|json))"', index)
    assert datasets
    urls += datasets
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert b"privada.7q9" not in body, url
        assert b"example.org" not in body.lower(), url


# -- query count -----------------------------------------------------------------------------------


def test_the_follow_page_costs_a_fixed_number_of_queries(client, commitment, settings):
    """Measured (SQLite): 1 query, the live commitment with its plan; the menu, settings, Site
    and current plan come from the warm fragment caches. Followers cost nothing more."""
    settings.OGP_PAGE_CACHE = False
    url = follow_url(commitment)
    client.get(url)  # warm the site's fragment caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for n in range(10):
        FollowSubscription.objects.create(
            commitment=commitment, email=f"p{n}@example.org", consented_at=timezone.now()
        )
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    sql = "\n".join(q["sql"][:160] for q in second.captured_queries)
    assert len(second.captured_queries) == len(first.captured_queries), sql
    assert len(second.captured_queries) <= 1, sql


def test_every_link_is_on_the_public_https_address_never_the_requests_host(
    commitment, users, settings
):
    settings.CMS_BLOCKS_PUBLIC_URL = "https://participa.example.gov.co"
    client = Client(HTTP_HOST="interno.local")
    assert ask_to_follow(client, commitment).status_code == 302
    body = mail.outbox[-1].body
    assert "https://participa.example.gov.co/seguimiento/confirmar/" in body
    assert "interno.local" not in body
    subscription = FollowSubscription.objects.get()
    FollowSubscription.objects.update(confirmed_at=timezone.now())
    publish_version(commitment, users["reviewer"], {"Hito A": DONE})
    send()
    (message,) = notices_sent()
    header = message.extra_headers["List-Unsubscribe"]
    token = tokens.make_token(subscription, tokens.UNSUBSCRIBE)
    assert header == f"<https://participa.example.gov.co/seguimiento/baja/{token}/>"
    assert "interno.local" not in message.body + message.alternatives[0][0]
