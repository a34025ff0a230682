"""Every moderation e-mail in its recipient's language (issue 12).

The language is the admin language the recipient chose (Wagtail's preference), Spanish when
they chose none, whoever pressed the button: the admin runs each request in its user's
language, and Wagtail's notifiers let that language leak into the e-mail of a recipient with
no preference, and render the HTML alternative outside the recipient's language altogether.

Over the real flow (the editor's form posted to the admin, the reviewer's approval posted to
the workflow action). The English text comes from the site's English catalogue; these tests
do not depend on it: they check the language the e-mail was written in (``<html lang>``,
``Content-Language``) and what Django itself writes in each language (dates), and the
Spanish text for a Spanish reader.
"""

import datetime as dt
import io
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from home.models import ContentPage, HomePage
from tests.public_host import ADMIN, PUBLIC, public_host  # noqa: F401

from .moderation_support import (
    admin_url,
    form_data,
    live_commitment,
    live_page,
    make_user,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s<>\"]+")
TEXT_FIELD = {"page": "intro", "commitment": "summary"}


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def message_to(user):
    messages = [m for m in mail.outbox if m.to == [user.email]]
    assert len(messages) == 1, [m.to for m in mail.outbox]
    return messages[0]


def html_of(message):
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def post_edit(user, obj, **changes):
    client = logged_in(user)
    data = form_data(client, obj, **changes)
    response = client.post(admin_url(obj, "edit"), data)
    assert response.status_code == 302, re.findall(
        r"error-message.*?<p>(.*?)</p>", str(response.content)
    )
    return refreshed(obj)


@pytest.mark.parametrize("kind", ["page", "commitment"])
def test_each_reviewer_is_mailed_the_submission_in_their_own_language(
    kind,
    settings,
    public_host,  # noqa: F811
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    # The editor's admin is in English: the request that sends the e-mails runs in English.
    editor = prefer(make_user("editor"), "en")
    in_english = prefer(make_user("revisor", "-en"), "en")
    no_preference = make_user("revisor", "-sin")
    obj = live_page() if kind == "page" else live_commitment()
    mail.outbox.clear()

    changes = {TEXT_FIELD[kind]: "Propuesta", "action-submit": "1"}
    if kind == "commitment":
        # The English admin renders dates as WAGTAIL_DATE_FORMAT (d/m/Y) and parses them with
        # English input formats (m/d/Y): sent back as rendered, 31/12/2023 is refused. ISO
        # dates parse in every language.
        changes.update(start_date=obj.start_date.isoformat(), end_date=obj.end_date.isoformat())
    post_edit(editor, obj, **changes)

    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        [in_english.email, no_preference.email]
    )
    spanish, english = message_to(no_preference), message_to(in_english)

    # The reviewer who chose nothing reads Spanish, although the editor's request was English.
    assert spanish.extra_headers["Content-Language"] == "es-co"
    assert '<html lang="es-CO">' in html_of(spanish)
    assert spanish.subject.startswith("Solicitud de aprobación: «")
    assert spanish.body.startswith("Hola, Revisor:")
    assert "Vista previa de la versión enviada:" in spanish.body
    assert "Vista previa de la versión enviada:" in html_of(spanish)

    # The one who chose English: the whole e-mail, HTML included, was written in English.
    assert english.extra_headers["Content-Language"] == "en"
    assert '<html lang="en">' in html_of(english)
    assert "es-CO" not in html_of(english)

    # The same admin links for both, on the admin's host, with no language prefix.
    assert URL.findall(english.body) == URL.findall(spanish.body)
    for url in URL.findall(spanish.body):
        assert url.startswith(ADMIN + "/admin/"), url


def scheduled_draft_page(editor, go_live):
    """A page never published, submitted by ``editor`` over the admin to go live later."""
    home = HomePage.objects.get()
    page = ContentPage(
        title="Página programada",
        slug=f"programada-{uuid.uuid4().hex[:8]}",
        intro="Borrador",
        live=False,
        body=[("heading", {"text": "Encabezado", "level": "h2"})],
    )
    home.add_child(instance=page)
    page.save_revision(user=editor)
    return post_edit(
        editor,
        page,
        intro="Texto programado",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        **{"action-submit": "1"},
    )


@pytest.mark.parametrize(
    ("author_language", "reviewer_language", "lang", "expected"),
    [
        # The reviewer approves from an English admin; the author chose nothing: Spanish.
        ("", "en", "es-CO", "Se publicará el 5 de marzo de 2030 a las 10:00."),
        # The author chose English; the reviewer approves from a Spanish admin.
        ("en", "", "en", "March 5, 2030, 10 a.m."),
    ],
)
def test_the_authors_approval_is_in_their_language_with_its_date(
    author_language,
    reviewer_language,
    lang,
    expected,
    settings,
    public_host,  # noqa: F811
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    author = prefer(make_user("editor"), author_language)
    reviewer = prefer(make_user("revisor"), reviewer_language)
    go_live = timezone.make_aware(dt.datetime(2030, 3, 5, 10, 0))  # Bogotá, everyone's zone
    page = scheduled_draft_page(author, go_live)
    mail.outbox.clear()

    response = logged_in(reviewer).post(workflow_action_url(page, "approve"), {})
    assert response.status_code == 302

    page = refreshed(page)
    assert not page.live and page.go_live_at == go_live
    message = message_to(author)
    assert f'<html lang="{lang}">' in html_of(message)
    # Django's es_CO catalogue writes «Marzo»; lower-case months are the Spanish catalogue's
    # business (locale/es), not the e-mail's: compared case-insensitively.
    assert expected.lower() in message.body.lower()
    assert expected.lower() in html_of(message).lower()


@pytest.mark.parametrize(("language", "prefix"), [("", ""), ("en", "/en")])
def test_the_published_snippets_link_is_in_the_authors_language(
    language,
    prefix,
    public_host,  # noqa: F811
):
    author = prefer(make_user("editor"), language)
    # The reviewer's admin is in the other language: the link must not follow it.
    reviewer = prefer(make_user("revisor"), "" if language else "en")
    commitment = live_commitment()
    post_edit(
        author,
        commitment,
        summary="Propuesta",
        start_date=commitment.start_date.isoformat(),
        end_date=commitment.end_date.isoformat(),
        **{"action-submit": "1"},
    )
    mail.outbox.clear()

    logged_in(reviewer).post(workflow_action_url(refreshed(commitment), "approve"), {})

    public = PUBLIC + prefix + commitment.get_absolute_url()
    assert public in URL.findall(message_to(author).body)
    assert Client().get(prefix + commitment.get_absolute_url()).status_code == 200


def test_a_recipients_time_zone_dates_their_email(settings, public_host):  # noqa: F811
    author = make_user("editor")
    reviewer = make_user("revisor")
    go_live = timezone.make_aware(dt.datetime(2030, 3, 5, 10, 0))
    page = scheduled_draft_page(author, go_live)
    profile = UserProfile.get_for_user(author)
    profile.current_time_zone = "Europe/Madrid"  # UTC+1 in March; Bogotá is UTC-5
    profile.save()
    mail.outbox.clear()

    logged_in(reviewer).post(workflow_action_url(page, "approve"), {})

    body = message_to(author).body.lower()
    assert "se publicará el 5 de marzo de 2030 a las 16:00." in body


def test_demo_users_get_spanish_unless_they_chose_a_language(seeded, monkeypatch):
    monkeypatch.setenv("OGP_DEMO_PASSWORD", "una-clave-de-prueba")
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    users = get_user_model().objects.in_bulk(["editor", "revisor", "admin"], field_name="username")
    assert {
        name: UserProfile.get_for_user(user).preferred_language for name, user in users.items()
    } == {"editor": "es", "revisor": "es", "admin": "es"}

    prefer(users["revisor"], "en")
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    assert UserProfile.get_for_user(users["revisor"]).preferred_language == "en"
    assert UserProfile.get_for_user(users["editor"]).preferred_language == "es"
