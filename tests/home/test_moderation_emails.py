"""Every link of every moderation e-mail opens the right screen for its reader.

For a page and for a commitment (a snippet): the reviewers' e-mail on submission, the
author's on approval and on sending back, and the superusers' workflow e-mail when Wagtail's
setting asks for it. Each link is absolute on the configured host (the admin's or the public
one, never the host a request came to), resolves to the expected view for this object and
task, and answers 200 to its recipient. Who receives a submission is checked too.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import resolve

from tests.public_host import ADMIN, OTHER_HOST, PUBLIC, public_host  # noqa: F401

from .moderation_support import (
    live_commitment,
    live_page,
    make_user,
    make_users,
    save_draft,
    submit,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s<>\"]+")


class Case:
    def __init__(self, kind):
        self.kind = kind
        self.users = make_users()
        self.obj = live_page() if kind == "page" else live_commitment()
        self.title = f"Versión propuesta del {kind}"

    def client(self, user):
        client = Client(HTTP_HOST=OTHER_HOST)
        client.force_login(user)
        return client

    def submit(self):
        save_draft(self.obj, self.users["editor"], title=self.title)
        mail.outbox.clear()
        state = submit(self.obj, self.users["editor"])
        self.obj.refresh_from_db()
        return state

    def act(self, action, **data):
        self.submit()
        task_state = self.obj.current_workflow_task_state
        mail.outbox.clear()
        response = self.client(self.users["revisor"]).post(
            workflow_action_url(self.obj, action), data, HTTP_HOST=OTHER_HOST
        )
        assert response.status_code in (200, 302)
        return task_state


@pytest.fixture(params=["page", "commitment"])
def case(request, public_host):  # noqa: F811
    return Case(request.param)


def only_message_to(user):
    messages = [m for m in mail.outbox if user.email in m.to]
    assert len(messages) == 1, [m.to for m in mail.outbox]
    return messages[0]


def links(message):
    found = URL.findall(message.body)
    assert found, message.body
    return found


def check_admin_link(url, reader, view, **kwargs):
    """The link is on the admin's host, resolves to ``view`` with ``kwargs``, answers 200."""
    assert url.startswith(ADMIN + "/"), url
    match = resolve(urlsplit(url).path)
    assert match.url_name == view, (url, match.view_name)
    for name, value in kwargs.items():
        assert str(match.kwargs[name]) == str(value), (url, match.kwargs)
    client = Client(HTTP_HOST=OTHER_HOST)
    client.force_login(reader)
    assert client.get(urlsplit(url).path).status_code == 200, url
    return match


def pk_kwarg(obj):
    return "page_id" if obj.__class__.__name__.endswith("Page") else "pk"


def split(urls):
    """Links by kind: the preferences link ends every e-mail."""
    *content, preferences = urls
    assert urlsplit(preferences).fragment == "tab-notifications"
    return content, preferences


def test_the_reviewers_email_previews_the_submitted_revision_and_opens_the_editor(case):
    case.submit()
    task = case.obj.current_workflow_task
    reviewer = case.users["revisor"]
    message = only_message_to(reviewer)
    assert case.title in message.subject and "aprobación" in message.subject.lower()
    (preview, edit), preferences = split(links(message))
    key = pk_kwarg(case.obj)
    match = check_admin_link(preview, reviewer, "workflow_preview", **{key: case.obj.pk})
    assert match.kwargs["task_id"] == task.pk  # Wagtail 7.4's own snippet link lacked it
    client = Client()
    client.force_login(reviewer)
    assert case.title in client.get(urlsplit(preview).path).content.decode()
    check_admin_link(edit, reviewer, "edit", **{key: case.obj.pk})
    check_admin_link(preferences, reviewer, "wagtailadmin_account")


def test_the_authors_email_on_approval_shows_the_published_object_and_the_editor(case):
    case.act("approve")
    author = case.users["editor"]
    message = only_message_to(author)
    assert "aprobad" in message.subject.lower()
    (public, edit), preferences = split(links(message))
    # The published object, on the public host.
    assert public.startswith(PUBLIC + "/"), public
    path = urlsplit(public).path
    match = resolve(path)
    if case.kind == "page":
        assert match.url_name == "wagtail_serve"
        assert path == f"/{case.obj.slug}/"
    else:
        assert match.view_name == "cms_blocks:commitment_detail"
        assert match.kwargs == {"slug": case.obj.slug}
    response = Client().get(path)  # anonymous: it is public now
    assert response.status_code == 200
    assert case.title in response.content.decode()
    check_admin_link(edit, author, "edit", **{pk_kwarg(case.obj): case.obj.pk})
    check_admin_link(preferences, author, "wagtailadmin_account")


def test_the_authors_email_when_sent_back_has_the_comment_and_opens_the_editor(case):
    case.act("reject", comment="Cite la fuente del dato.")
    author = case.users["editor"]
    message = only_message_to(author)
    assert "Cite la fuente del dato." in message.body
    assert "Revisión del micrositio" in message.subject
    (edit,), preferences = split(links(message))
    check_admin_link(edit, author, "edit", **{pk_kwarg(case.obj): case.obj.pk})
    check_admin_link(preferences, author, "wagtailadmin_account")


def test_superusers_workflow_email_when_the_setting_asks_for_it(case, settings):
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
    superuser = get_user_model().objects.create_superuser(
        "jefa", "jefa@example.org", "x", first_name="Jefa"
    )
    case.submit()
    messages = [m for m in mail.outbox if superuser.email in m.to]
    # The task's e-mail (as a reviewer would) and the workflow's.
    assert len(messages) == 2
    for message in messages:
        content, preferences = split(links(message))
        check_admin_link(content[-1], superuser, "edit", **{pk_kwarg(case.obj): case.obj.pk})
        check_admin_link(preferences, superuser, "wagtailadmin_account")


# -- who is told of a submission ----------------------------------------------------------------


def test_submission_goes_to_the_reviewers_not_to_administrators_or_superusers(case):
    get_user_model().objects.create_superuser("root", "root@example.org", "x")
    case.submit()
    assert {to for m in mail.outbox for to in m.to} == {case.users["revisor"].email}


def test_with_no_reachable_reviewer_the_administrators_are_told(case):
    reviewer = case.users["revisor"]
    reviewer.email = ""
    reviewer.save()
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    case.submit()
    assert {to for m in mail.outbox for to in m.to} == {
        case.users["admin"].email,
        superuser.email,
    }


def test_a_submitting_superuser_is_not_mailed_their_own_submission(settings, public_host):  # noqa: F811
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
    make_user("revisor")
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    obj = live_commitment()
    save_draft(obj, superuser, title="Propuesta de la superusuaria")
    mail.outbox.clear()
    submit(obj, superuser)
    assert mail.outbox
    assert all(superuser.email not in m.to for m in mail.outbox)


def test_html_alternative_is_the_escaped_text_with_clickable_links(settings, public_host):  # noqa: F811
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    case = Case("commitment")
    case.title = "Agua & <b>saneamiento</b>"
    case.submit()
    message = only_message_to(case.users["revisor"])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Agua &amp; &lt;b&gt;saneamiento&lt;/b&gt;" in html
    assert "<b>" not in html and "&amp;amp;" not in html
    preview = links(message)[0]
    assert f'<a href="{preview}"' in html
    assert case.title in message.body  # the text stays plain: no entities


def test_the_page_comments_email_opens_the_page_editor(public_host):  # noqa: F811
    """Wagtail's own e-mail (not replaced: its links are right once the base URL is)."""
    from types import SimpleNamespace

    from wagtail.admin.mail import send_notification

    users = make_users()
    page = live_page()
    mail.outbox.clear()
    send_notification(
        [users["editor"]],
        "updated_comments",
        {
            "page": page,
            "editor": users["revisor"],
            "new_comments": [SimpleNamespace(text="Revise la cifra.")],
            "resolved_comments": [],
            "deleted_comments": [],
            "replied_comments": [],
        },
    )
    message = only_message_to(users["editor"])
    (edit,), preferences = split(links(message))
    check_admin_link(edit, users["editor"], "edit", page_id=page.pk)
    check_admin_link(preferences, users["editor"], "wagtailadmin_account")
