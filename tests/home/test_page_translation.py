"""Issue 12, pages: an editor translates the home page and the plan page into English with
wagtail-localize, submits them to the review workflow, a reviewer approves them; then /en/
shows them, the switcher and the hreflang alternates link both ways, and a page not translated
yet is shown in Spanish under /en/ with the notice. All over HTTP, with the real seed."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from home import fragments
from home.models import ActionPlanPage, ContentPage, HomePage

from .form_helpers import edit_form_data
from .moderation_support import (
    admin_url,
    current_state,
    make_users,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

EN_HOME_TITLE = "Welcome to the plan in English"
EN_PLAN_TITLE = "Open Government Action Plan 2023"
EN_PLAN_SLUG = "action-plan-2023"


# -- the flow, as the editor and the reviewer do it in the admin --------------------------------


def english():
    return Locale.objects.get(language_code="en")


def form(client, page, **fields):
    """The page's edit form as the editor gets it, with ``fields`` and "submit for review"."""
    data = edit_form_data(client, page.get_latest_revision_as_object())
    data.update(
        {
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-submit": "1",
        }
    )
    for name, value in fields.items():
        data[name] = value
    return data


class Translators:
    """An editor and a reviewer, logged in."""

    def __init__(self):
        users = make_users()
        self.editor, self.reviewer = Client(), Client()
        self.editor.force_login(users["editor"])
        self.reviewer.force_login(users["revisor"])

    def translate(self, page):
        """«Traducir esta página» → English: wagtail-localize creates the English draft (the
        parents it lacks too) and opens it in its editor."""
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        assert self.editor.get(url).status_code == 200
        response = self.editor.post(url, {"locales": [english().pk]})
        assert response.status_code == 302, response.content.decode()[:2000]
        translated = page.get_translation(english()).specific
        assert response["Location"] == admin_url(translated, "edit")
        assert not translated.live  # a draft until the workflow approves it
        return translated

    def write_and_submit(self, translated, **fields):
        """The editor stops the synced translation (wagtail-localize's editor offers a
        non-publisher no "submit"), writes the English text in Wagtail's editor and submits
        it to the review workflow."""
        translation = Translation.objects.get(
            source__object_id=translated.translation_key,
            target_locale=translated.locale,
            enabled=True,
        )
        edit = admin_url(translated, "edit")
        assert "wagtail_localize" in self.editor.get(edit).content.decode()  # its editor
        response = self.editor.post(
            reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": edit}
        )
        assert response.status_code == 302
        response = self.editor.post(edit, form(self.editor, translated, **fields))
        assert response.status_code == 302, response.content.decode()[:3000]
        translated = refreshed(translated)
        assert current_state(translated).status == "in_progress"
        return translated

    def approve(self, page):
        page = refreshed(page)
        response = self.reviewer.post(workflow_action_url(page, "approve"), {})
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        page = refreshed(page)
        assert page.live and current_state(page).status == "approved"
        return page


@pytest.fixture
def translators(seeded):
    return Translators()


def spanish_home():
    return HomePage.objects.get(locale__language_code="es-co")


def spanish_plan():
    return ActionPlanPage.objects.get(locale__language_code="es-co", slug="plan-de-accion-2023")


@pytest.fixture
def submitted(translators):
    """The home page and the plan page translated and submitted, not approved yet."""
    home = translators.write_and_submit(
        translators.translate(spanish_home()), title=EN_HOME_TITLE, intro="The micrositio."
    )
    plan = translators.write_and_submit(
        translators.translate(spanish_plan()),
        title=EN_PLAN_TITLE,
        slug=EN_PLAN_SLUG,
        intro="What Cartagena committed to.",
    )
    return translators, home, plan


@pytest.fixture
def approved(submitted):
    translators, home, plan = submitted
    return translators, translators.approve(home), translators.approve(plan)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def h1(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def switcher(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    links = {lang: href for href, lang in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)}
    current = re.findall(r'<span aria-current="true" lang="([^"]+)"', nav)
    return links, current


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


# -- permissions --------------------------------------------------------------------------------


def test_editors_may_submit_pages_for_translation(seeded):
    users = make_users()
    assert users["editor"].has_perm("wagtail_localize.submit_translation")


def test_the_english_tree_gets_the_review_workflow_and_the_editors_rights(translators):
    english_home = translators.translate(spanish_home())
    assert english_home.get_workflow() is not None
    assert english_home.get_workflow() == spanish_home().get_workflow()
    # The editor may edit the new English page (the roles' page permissions on its root).
    assert translators.editor.get(admin_url(english_home, "edit")).status_code == 200


# -- drafts never public ------------------------------------------------------------------------


def test_a_submitted_translation_is_not_public_before_the_reviewer_approves_it(submitted):
    _translators, home, plan = submitted
    anonymous = Client()
    english_home = get(anonymous, "/en/")
    assert EN_HOME_TITLE not in english_home
    english_plan = anonymous.get(f"/en/{EN_PLAN_SLUG}/")
    assert english_plan.status_code == 404
    # Under /en/ the Spanish plan is shown, with the notice: the draft is not.
    fallback = get(anonymous, "/en/plan-de-accion-2023/")
    assert EN_PLAN_TITLE not in fallback
    assert 'class="language-notice"' in fallback
    assert EN_PLAN_TITLE not in get(anonymous, "/sitemap.xml")


# -- approved: public, linked both ways --------------------------------------------------------


def test_an_approved_translation_is_served_under_en_with_its_english_title(approved):
    _translators, home, plan = approved
    anonymous = Client()
    html = get(anonymous, "/en/")
    assert html_lang(html) == "en"
    assert h1(html) == EN_HOME_TITLE or EN_HOME_TITLE in html
    assert 'class="language-notice"' not in html
    html = get(anonymous, plan.url)
    assert plan.url == f"/en/{EN_PLAN_SLUG}/"
    assert html_lang(html) == "en"
    assert EN_PLAN_TITLE in h1(html)
    assert 'class="language-notice"' not in html
    # The page's own content is not marked Spanish (snippets not translated yet may be).
    assert '<div lang="es-CO">' not in re.search(r"<main.*?</main>", html, re.S).group(0)
    # The Spanish slug under /en/ serves the English version, not the Spanish page with a
    # "not translated yet" notice; its switcher names the English page's own address.
    same = get(anonymous, "/en/plan-de-accion-2023/")
    assert EN_PLAN_TITLE in h1(same) and 'class="language-notice"' not in same
    assert alternates(same)["en"].endswith(f"/en/{EN_PLAN_SLUG}/")
    # The Spanish pages stay Spanish.
    spanish = get(anonymous, "/plan-de-accion-2023/")
    assert html_lang(spanish) == "es-CO"
    assert EN_PLAN_TITLE not in spanish


def test_the_switcher_and_the_alternates_link_each_version_to_the_other(approved):
    _translators, _home, plan = approved
    anonymous = Client()
    for spanish_url, english_url in (("/", "/en/"), ("/plan-de-accion-2023/", plan.url)):
        spanish_html, english_html = get(anonymous, spanish_url), get(anonymous, english_url)
        assert switcher(spanish_html) == ({"en": english_url}, ["es-CO"])
        assert switcher(english_html) == ({"es-CO": spanish_url}, ["en"])
        for html in (spanish_html, english_html):
            found = alternates(html)
            assert set(found) == {"es-CO", "en", "x-default"}
            assert found["es-CO"].endswith(spanish_url) and found["en"].endswith(english_url)
            assert found["x-default"] == found["es-CO"]


def test_the_sitemap_lists_both_versions(approved):
    _translators, _home, plan = approved
    sitemap = get(Client(), "/sitemap.xml")
    assert "/plan-de-accion-2023/</loc>" in sitemap
    assert f"/en/{EN_PLAN_SLUG}/</loc>" in sitemap


def test_a_page_not_translated_yet_is_shown_in_spanish_under_en_with_the_notice(approved):
    anonymous = Client()
    cocreation = ContentPage.objects.get(slug="cocreacion")
    html = get(anonymous, "/en/cocreacion/")
    assert html_lang(html) == "en"
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    notice = re.search(r'<p class="language-notice".*?</p>', main, re.S).group(0)
    assert 'href="/cocreacion/"' in notice and 'hreflang="es-CO"' in notice
    # The Spanish content sits in an element that says it is Spanish.
    spanish_part = re.search(r'<div lang="es-CO">(.*)</div>', main, re.S).group(1)
    assert cocreation.title in spanish_part
    # The switcher goes back to the Spanish page; a fallback is no alternate.
    assert switcher(html) == ({"es-CO": "/cocreacion/"}, ["en"])
    assert alternates(html) == {}
    # And the Spanish page offers its (fallback) English address.
    assert switcher(get(anonymous, "/cocreacion/")) == ({"en": "/en/cocreacion/"}, ["es-CO"])


def test_without_any_english_home_the_english_root_shows_the_spanish_home(seeded):
    html = get(Client(), "/en/")
    assert html_lang(html) == "en"
    assert 'class="language-notice"' in html
    assert f"<h1>{spanish_home().title}" in html or spanish_home().title in h1(html)


def test_the_english_menu_lists_translated_titles_and_falls_back_per_item(approved):
    _translators, home, plan = approved
    site = fragments.site_for_request(Client().get("/").wsgi_request)
    menu = fragments.main_menu(site, "en")
    assert menu["root"] == {"pk": home.pk, "url": "/en/"}
    items = {item["url"]: item for item in menu["items"]}
    assert items[plan.url]["title"] == EN_PLAN_TITLE and "lang" not in items[plan.url]
    fallback = [item for item in menu["items"] if item["url"] != plan.url]
    assert fallback, "the seed's menu has pages besides the plan"
    for item in fallback:
        assert item["url"].startswith("/en/") and item["lang"] == "es-CO"
        spanish = Page.objects.get(pk=item["pk"])
        assert spanish.locale.language_code == "es-co" and item["title"] == spanish.title
    spanish_items = fragments.main_menu(site, "es-co")["items"]
    assert [item["title"] for item in spanish_items if item["pk"] == spanish_plan().pk] == [
        spanish_plan().title
    ]
    html = get(Client(), "/en/")
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert f'<a href="{plan.url}"' in nav and EN_PLAN_TITLE in nav


# -- the page cache -----------------------------------------------------------------------------


def test_the_page_cache_keeps_each_language_apart_and_an_approval_purges_the_english_page(
    approved, settings
):
    settings.OGP_PAGE_CACHE = True
    translators, _home, plan = approved
    anonymous = Client()
    for url in ("/plan-de-accion-2023/", plan.url):
        anonymous.get(url)  # stored
    spanish, english = anonymous.get("/plan-de-accion-2023/"), anonymous.get(plan.url)
    assert spanish["X-Page-Cache"] == english["X-Page-Cache"] == "hit"
    assert EN_PLAN_TITLE in english.content.decode()
    assert EN_PLAN_TITLE not in spanish.content.decode()
    assert spanish["Content-Language"] == "es-co" and english["Content-Language"] == "en"

    data = form(translators.editor, plan, title="Action Plan 2023, revised")
    assert translators.editor.post(admin_url(plan, "edit"), data).status_code == 302
    still = anonymous.get(plan.url).content.decode()
    assert EN_PLAN_TITLE in still and "revised" not in still  # the draft is not public
    translators.approve(plan)
    assert "Action Plan 2023, revised" in anonymous.get(plan.url).content.decode()
    assert "revised" not in anonymous.get("/plan-de-accion-2023/").content.decode()
