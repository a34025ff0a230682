"""Brute force on the Wagtail admin, over HTTP: the login locks out (django-axes) and the
password reset is throttled (ogp_site.middleware.PasswordResetThrottleMiddleware)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db.models import F

pytestmark = pytest.mark.django_db

PASSWORD = "la-clave-correcta-7"
LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"


@pytest.fixture
def editor(seeded):
    return get_user_model().objects.create_user(
        "editora", "editora@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def attempt(client, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": "editora", "password": password}, REMOTE_ADDR=address)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_login_and_the_right_one_is_refused(client, editor):
    statuses = [attempt(client, f"intento-{n}").status_code for n in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    # The form answers the first wrong passwords; from the limit on, the lockout page.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (30 - limit + 1)

    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)
    text = response.content.decode()
    assert "Acceso bloqueado temporalmente" in text
    assert "Podrá intentarlo de nuevo dentro de 15 minutos" in text
    assert response["Content-Type"].startswith("text/html")
    # The attempts are kept in the database (shared by every worker).
    assert AccessAttempt.objects.get(username="editora").failures_since_start >= limit


def test_the_lockout_ends_after_the_cool_off(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"intento-{n}")
    assert attempt(client, PASSWORD).status_code == 429

    # The cool-off passes: the recorded attempts become older than it.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = attempt(client, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lockout_is_per_username_and_address(client, editor):
    """An attacker at one address does not lock the editor out everywhere (e.g. the office)."""
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        attempt(client, f"intento-{n}", address="198.51.100.66")
    assert attempt(client, PASSWORD, address="198.51.100.66").status_code == 429

    response = attempt(client, PASSWORD, address="203.0.113.7")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_success_before_the_limit_resets_the_count(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, f"intento-{n}")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, f"otro-{n}").status_code == 200
    assert attempt(client, PASSWORD).status_code == 302


def test_client_login_and_force_login_still_work(client, editor):
    """The suite's own logins (no request for Client.login) keep working with axes on."""
    assert client.login(username="editora", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def reset(client, email="editora@example.org", address="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_throttled_per_address(client, editor):
    allowed, _window = settings.OGP_PASSWORD_RESET_LIMIT
    for n in range(allowed):
        response = reset(client, email=f"persona{n}@example.org")
        assert response.status_code == 302, n  # Wagtail's "e-mail sent" page
    response = reset(client)
    assert response.status_code == 429
    assert "Demasiadas solicitudes de restablecimiento" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert mail.outbox == []  # no request past the limit reached the form


def test_password_reset_is_throttled_per_email_across_addresses(client, editor):
    allowed, _window = settings.OGP_PASSWORD_RESET_LIMIT
    for n in range(allowed):
        assert reset(client, address=f"198.51.100.{n + 1}").status_code == 302
    assert len(mail.outbox) == allowed
    response = reset(client, address="198.51.100.200")
    assert response.status_code == 429
    assert len(mail.outbox) == allowed
    # The form itself still opens (GET is not counted).
    assert client.get(RESET, REMOTE_ADDR="198.51.100.200").status_code == 200


def test_behind_a_trusted_proxy_the_lockout_follows_the_client_not_what_it_writes(
    client, editor, settings
):
    """Axes reads the address the rate limits use: the one the last trusted proxy appended.
    A client that writes a new X-Forwarded-For on every attempt stays locked out."""
    settings.OGP_TRUSTED_PROXY_COUNT = 1
    settings.OGP_CLIENT_IP_HEADER = ""

    def through_proxy(password, forged, client_ip="203.0.113.50"):
        return client.post(
            LOGIN,
            {"username": "editora", "password": password},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{forged}, {client_ip}",
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(f"intento-{n}", forged=f"192.0.2.{n}")
    assert through_proxy(PASSWORD, forged="192.0.2.99").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.50"
    # Another citizen behind the same proxy is not locked out.
    response = through_proxy(PASSWORD, forged="", client_ip="203.0.113.51")
    assert response.status_code == 302
