"""Who may start a translation (wagtail-localize), over HTTP, for every role (issue 12).

Editors and reviewers get ``wagtail_localize.submit_translation`` from the extension's roles
(``cms_blocks.moderation.roles``); a staff user outside the groups does not. Starting a
translation creates an English *draft*: nothing is public until the workflow approves it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from home.models import ActionPlanPage
from home.roles import EDITORS, REVIEWERS


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize(
    ("group_name", "allowed"), [(EDITORS, True), (REVIEWERS, True), (None, False)]
)
def test_only_editors_and_reviewers_may_open_the_translate_form(
    client, seeded, group_name, allowed
):
    page = ActionPlanPage.objects.live().filter(alias_of__isnull=True).order_by("pk").first()
    client.force_login(user_in(group_name, "persona"))
    response = client.get(f"/admin/localize/submit/page/{page.pk}/")
    if allowed:
        assert response.status_code == 200
        assert b"English" in response.content
    else:
        assert response.status_code in (302, 403)


def test_an_editors_translation_is_an_english_draft_not_a_public_page(client, seeded):
    page = ActionPlanPage.objects.live().filter(alias_of__isnull=True).order_by("pk").first()
    english = Locale.objects.get(language_code="en")
    client.force_login(user_in(EDITORS, "editora"))
    response = client.post(
        f"/admin/localize/submit/page/{page.pk}/",
        {"locales": [english.pk], "include_subtree": ""},
    )
    assert response.status_code == 302
    translation = page.get_translation(english)
    assert not translation.live
    # Its parent, the English home page, was created with it as an alias of the Spanish one
    # (wagtail-localize): /en/ still shows the Spanish home, saying so.
    assert translation.get_parent().specific.alias_of_id is not None
    assert b"language-notice" in client.get("/en/").content
    assert b"language-notice" in client.get(page.url.replace("/", "/en/", 1)).content
