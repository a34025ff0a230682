"""Chromium: the admin, like the public site, requests nothing from a third-party host (no
Gravatar avatars, no CDN), on the screens an editor works in."""

import pytest
from playwright.sync_api import expect

from cms_blocks.models import Commitment
from home.models import ActionPlanPage, HomePage
from home.roles import EDITORS

from .admin_helpers import admin_page, make_user

pytestmark = pytest.mark.browser


def test_admin_screens_request_no_third_party_host(live_seeded, browser):
    base = live_seeded.url
    make_user("editora", EDITORS)
    home = HomePage.objects.get()
    plan = ActionPlanPage.objects.get()
    commitment = Commitment.objects.live().get(code="COCDI0001")
    screens = {
        "escritorio": "/admin/",
        "explorador de páginas": f"/admin/pages/{home.pk}/",
        "editor de una página": f"/admin/pages/{plan.pk}/edit/",
        "lista de compromisos": "/admin/snippets/cms_blocks/commitment/",
        "editor de un compromiso": f"/admin/snippets/cms_blocks/commitment/edit/{commitment.pk}/",
    }

    page = admin_page(browser, base, "editora")
    for name, path in screens.items():
        response = page.goto(base + path)
        assert response.status == 200, (name, response.status)
        # The account menu's avatar: wait until the browser has fetched it (a lazy image).
        avatar = page.locator(".avatar img").first
        expect(avatar).to_have_js_property("complete", True)
        assert page.external_requests == [], (name, page.external_requests)
        assert avatar.get_attribute("src").startswith("/static/"), (
            name,
            avatar.get_attribute("src"),
        )
