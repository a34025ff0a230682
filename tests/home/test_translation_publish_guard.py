"""wagtail-localize's "Sync translated pages/snippets" view (``update_translations``) has a
"Publish immediately" option that publishes every translation with no publish-permission
check: anyone with ``wagtail_localize.submit_translation`` (an editor) would publish an
English page or snippet without review. ``home.translation_guard`` refuses it to whoever may
not publish every translation; a reviewer still may. Over HTTP, with the real seed."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import resolve, reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from cms_blocks.models import Commitment
from home.models import ActionPlanPage
from home.translation_guard import GuardedUpdateTranslationsView

from .moderation_support import make_users, refreshed

pytestmark = pytest.mark.django_db

REFUSED = "Solo quien puede publicar"


def english():
    return Locale.objects.get(language_code="en")


class Roles:
    def __init__(self):
        users = make_users()
        self.editor, self.reviewer = Client(), Client()
        self.editor.force_login(users["editor"])
        self.reviewer.force_login(users["revisor"])


def translate_page(client):
    page = ActionPlanPage.objects.get(locale__language_code="es-co", slug="plan-de-accion-2023")
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.post(url, {"locales": [english().pk]}).status_code == 302
    return page, page.get_translation(english()).specific


def translate_snippet(client):
    commitment = Commitment.objects.live().order_by("code", "pk").first()
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["cms_blocks", "commitment", commitment.pk],
    )
    assert client.post(url, {"locales": [english().pk]}).status_code == 302
    return commitment, commitment.get_translation(english())


KINDS = {"page": translate_page, "snippet": translate_snippet}


@pytest.fixture(params=sorted(KINDS))
def translated(request, seeded):
    """(roles, the sync view's URL, the English draft) for a page and for a snippet."""
    roles = Roles()
    source, target = KINDS[request.param](roles.editor)
    assert not target.live
    source_id = TranslationSource.objects.get_for_instance_or_none(source).pk
    return roles, reverse("wagtail_localize:update_translations", args=[source_id]), target


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as the admin does, running what waits for the commit (wagtail-localize publishes
    a page's translation in ``transaction.on_commit``)."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_sync_view_is_the_guarded_one(translated):
    _roles, url, _target = translated
    assert resolve(url).func.view_class is GuardedUpdateTranslationsView


def test_an_editor_cannot_publish_translations_from_the_sync_view(translated, post):
    roles, url, target = translated
    response = post(roles.editor, url, {"publish_translations": "on"})
    assert not refreshed(target).live
    assert response.status_code == 302 and response["Location"] == url
    assert any(REFUSED in message for message in messages_of(response))


def test_the_editor_is_not_offered_the_publish_option_but_may_still_sync(translated, post):
    roles, url, target = translated
    html = roles.editor.get(url).content.decode()
    assert 'type="checkbox" name="publish_translations"' not in html
    response = post(roles.editor, url, {})
    assert response.status_code == 302 and response["Location"] != url
    assert not refreshed(target).live


def test_a_reviewer_may_publish_translations_from_the_sync_view(translated, post):
    roles, url, target = translated
    html = roles.reviewer.get(url).content.decode()
    assert 'type="checkbox" name="publish_translations"' in html
    response = post(roles.reviewer, url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert refreshed(target).live
