"""The anonymous full-page cache (ogp_site.page_cache): fast, and never stale or private."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Revision, Site

from cms_blocks.models import Commitment
from home.models import ContentPage, EntitySettings, HomePage
from ogp_site.page_cache import PageCacheMiddleware

# Every test runs twice: on the per-process cache and on the real Redis backend (marked
# "redis": required with CI=true, skipped locally without Redis; tests/ogp_site/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_backend")]


def get(client, url, **extra):
    return client.get(url, **extra)


def cache_state(response):
    return response.get("X-Page-Cache")


def content_page(title):
    page = ContentPage(title=title, slug=f"cache-{uuid.uuid4().hex[:8]}")
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_second_anonymous_get_is_served_from_the_cache_with_no_query(
    client, seeded, django_assert_num_queries
):
    first = get(client, "/informes/")
    assert first.status_code == 200 and cache_state(first) == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/informes/")
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert second["ETag"]
    assert get(client, "/informes/", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_head_is_answered_from_the_cached_get(client, seeded):
    get(client, "/informes/")
    response = client.head("/informes/")
    assert response.status_code == 200 and cache_state(response) == "hit"


def test_publishing_and_unpublishing_a_commitment_shows_on_the_next_get(client, seeded):
    commitment = Commitment.objects.live().first()
    url = commitment.get_absolute_url()
    assert get(client, url).status_code == 200
    assert cache_state(get(client, url)) == "hit"
    commitment.title = "Título cambiado y aprobado"
    commitment.save_revision().publish()  # what approving the moderation task does
    response = get(client, url)
    assert cache_state(response) == "miss"
    assert "Título cambiado y aprobado" in response.content.decode()
    assert "Título cambiado y aprobado" in get(client, "/compromisos/").content.decode()
    commitment.unpublish()
    assert get(client, url).status_code == 404


def test_publishing_and_deleting_a_page_shows_on_the_next_get(client, seeded):
    page = content_page("Página primera")
    url = page.url
    get(client, url)
    assert cache_state(get(client, url)) == "hit"
    page.title = "Página segunda"
    page.save_revision().publish()
    assert "Página segunda" in get(client, url).content.decode()
    page.delete()
    assert get(client, url).status_code == 404


def test_changing_the_entity_settings_shows_on_the_next_get(client, seeded):
    get(client, "/informes/")
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.entity_name = "Secretaría de caché"
    entity.save()
    response = get(client, "/informes/")
    assert cache_state(response) == "miss"
    assert "Secretaría de caché" in response.content.decode()


def test_a_scheduled_publish_shows_on_the_next_get(client, seeded):
    page = content_page("Antes del horario")
    page.title = "Después del horario"
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled: the live page keeps its title
    assert "Antes del horario" in get(client, page.url).content.decode()
    assert cache_state(get(client, page.url)) == "hit"
    # Time passes: a bulk update sends no signal, so the cache alone cannot know.
    past = timezone.now() - timedelta(minutes=1)
    content = {**revision.content, "go_live_at": past.isoformat()}
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past, content=content)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.title == "Después del horario", page.title
    assert "Después del horario" in get(client, page.url).content.decode()


def test_a_signed_in_user_is_never_served_or_stored(client, seeded):
    get(client, "/informes/")
    user = get_user_model().objects.create_user("lector", password="x")
    client.force_login(user)
    response = get(client, "/informes/")
    assert cache_state(response) is None
    assert "private" in response["Cache-Control"]


def test_forms_with_a_csrf_token_and_search_results_are_never_cached(client, seeded):
    for url in ("/denuncias/nueva/", "/buscar/?q=agua"):
        get(client, url)
        response = get(client, url)
        assert response.status_code == 200
        assert cache_state(response) is None, url
        assert "no-store" in response["Cache-Control"]


def test_errors_are_never_cached(client, seeded):
    get(client, "/no-existe/")
    response = get(client, "/no-existe/")
    assert response.status_code == 404 and cache_state(response) is None


@pytest.mark.parametrize("case", ["cookie", "server error", "preview", "dummy", "private", "nonce"])
def test_responses_that_must_stay_private_are_not_stored(seeded, case):
    factory = RequestFactory()
    url = f"/privada-{case.replace(' ', '-')}/"

    def response_for(request):
        response = HttpResponse("contenido")
        if case == "cookie":
            response.set_cookie("c", "1")
        elif case == "server error":
            response.status_code = 500
        elif case == "private":
            response["Cache-Control"] = "private"
        elif case == "nonce":
            response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
        return response

    for _ in range(2):
        request = factory.get(url)
        if case == "preview":
            request.is_preview = True
        if case == "dummy":
            request.is_dummy = True
        response = PageCacheMiddleware(response_for)(request)
        assert cache_state(response) is None, case


@pytest.mark.redis
def test_on_redis_the_pages_and_tokens_are_kept_in_redis(redis_page_cache, client, seeded):
    """The Redis runs really go through Redis: another process (here, a raw client) sees the
    stored page and the generation token under this test's key prefix."""
    import redis
    from django.conf import settings

    from tests.ogp_site.conftest import PAGE_CACHE_REDIS_URL

    assert cache_state(get(client, "/informes/")) == "miss"
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = [k.decode() for k in redis.Redis.from_url(PAGE_CACHE_REDIS_URL).keys(f"{prefix}:*")]
    assert any("ogp:page:entry:" in key for key in keys), keys
    assert any("ogp:page:index:" in key for key in keys), keys
    assert any(key.endswith("ogp:pagecache:generation") for key in keys), keys
    assert cache_state(get(client, "/informes/")) == "hit"


def max_age(response):
    return int(response["Cache-Control"].split("max-age=")[1].split(",")[0])


def test_an_upcoming_consultation_is_kept_no_longer_than_until_it_opens(
    client, seeded, monkeypatch
):
    # (An open consultation's page carries the vote form and its CSRF token: never stored.)
    from cms_blocks.models import Consultation
    from ogp_site import page_cache

    consultation = Consultation.objects.live().first()
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now + timedelta(seconds=20), closes_at=now + timedelta(days=1)
    )
    url = consultation.get_absolute_url()
    first = get(client, url)
    assert cache_state(first) == "miss" and 0 < max_age(first) <= 20
    hit = get(client, url)
    assert cache_state(hit) == "hit" and 0 < max_age(hit) <= 20

    # 21 seconds later the consultation is open: the stored page (not open yet) is not served.
    later = page_cache.time.time() + 21
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert cache_state(get(client, url)) != "hit"


def test_a_page_with_late_milestones_is_kept_no_longer_than_until_midnight(
    client, seeded, monkeypatch
):
    # At 23:59:30, Bogotá time, lateness changes in 30 seconds: so does the stored page.
    tomorrow = timezone.localdate() + timedelta(days=1)
    midnight = timezone.make_aware(
        timezone.datetime.combine(tomorrow, timezone.datetime.min.time())
    )
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(seconds=30))
    first = get(client, "/compromisos/")
    assert cache_state(first) == "miss"
    assert 0 < max_age(first) <= 30


def test_a_hit_tells_a_cdn_only_the_time_it_has_left(client, seeded, monkeypatch):
    from ogp_site import page_cache

    get(client, "/informes/")
    later = page_cache.time.time() + 45
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    hit = get(client, "/informes/")
    assert cache_state(hit) == "hit" and 0 < max_age(hit) <= 15
