"""Security headers on every response: Content-Security-Policy (public and admin policies),
Permissions-Policy, Referrer-Policy, X-Content-Type-Options, Cross-Origin-Opener-Policy."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from cms_blocks.models import Commitment, Committee, Consultation, MonitorReport
from home.models import HomePage

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def public_paths():
    commitment = Commitment.objects.live().get(code="COCDI0001")
    consultation = Consultation.objects.live().get()
    return {
        "home": ("/", 200),
        "action plan": ("/plan-de-accion-2023/", 200),
        "content page": ("/cocreacion/", 200),
        "commitment list": ("/compromisos/", 200),
        "commitment": (commitment.get_absolute_url(), 200),
        "QR sheet": (commitment.get_absolute_url() + "qr/", 200),
        "report list": ("/informes/", 200),
        "report": (MonitorReport.objects.live().order_by("pk").first().get_absolute_url(), 200),
        "committee": (Committee.objects.live().get().get_absolute_url(), 200),
        "consultation": (consultation.get_absolute_url(), 200),
        "institutions": ("/instituciones/", 200),
        "initiatives": ("/iniciativas/", 200),
        "open data": ("/datos/", 200),
        "report form": ("/denuncias/nueva/", 200),
        "report status": ("/denuncias/consulta/", 200),
        "search": ("/buscar/?q=compromiso", 200),
        "feed": ("/informes/feed/", 200),
        "sitemap": ("/sitemap.xml", 200),
        "robots": ("/robots.txt", 200),
        "404": ("/no-existe-esta-pagina/", 404),
    }


def assert_common_headers(response, where):
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert response["X-Frame-Options"] == "DENY", where
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, where


def test_every_public_page_type_has_a_strict_csp(seeded, client):
    for name, (path, status) in public_paths().items():
        response = client.get(path)
        assert response.status_code == status, f"{name} {path}: {response.status_code}"
        csp = directives(response)
        where = f"{name} ({path}): {response['Content-Security-Policy']}"
        assert csp["default-src"] == ["'self'"], where
        assert "'unsafe-inline'" not in csp["script-src"], where
        assert "'unsafe-eval'" not in csp["script-src"], where
        assert "'unsafe-inline'" not in csp["style-src"], where
        # Not even for style attributes: no public page writes one (the progress bars are SVG).
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], where
        if status == 200 and "html" in response.get("Content-Type", ""):
            assert not re.search(r"<[^>]+\sstyle=", response.content.decode()), where
        assert csp["object-src"] == ["'none'"], where
        assert csp["frame-ancestors"] == ["'none'"], where
        assert csp["base-uri"] == ["'self'"], where
        assert csp["form-action"] == ["'self'"], where
        assert_common_headers(response, where)


def test_the_qr_sheets_inline_style_carries_the_policys_nonce(seeded, client):
    commitment = Commitment.objects.live().get(code="COCDI0001")
    response = client.get(commitment.get_absolute_url() + "qr/")
    nonces = [v for v in directives(response)["style-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert re.search(rf'<style nonce="{re.escape(nonce)}">', response.content.decode())
    # A nonce is fresh for every response.
    assert (
        client.get(commitment.get_absolute_url() + "qr/")["Content-Security-Policy"]
        != (response["Content-Security-Policy"])
    )


def test_the_api_keeps_scripts_strict_and_allows_its_browsable_pages_style(seeded, client):
    for path, accept in (("/api/v2/pages/", "application/json"), ("/api/v2/pages/", "text/html")):
        response = client.get(path, headers={"accept": accept})
        assert response.status_code == 200
        csp = directives(response)
        where = f"{path} ({accept}): {response['Content-Security-Policy']}"
        assert csp["script-src"] == ["'self'"], where
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"], where
        assert csp["frame-ancestors"] == ["'none'"], where
        assert_common_headers(response, where)


def test_pages_without_inline_style_get_no_nonce(seeded, client):
    csp = directives(client.get("/"))
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]


def test_admin_gets_the_policy_wagtail_needs(seeded, client):
    login = client.get("/admin/login/")
    assert_common_headers(login, "/admin/login/")
    user = get_user_model().objects.create_superuser("headers", "h@example.org", "x")
    client.force_login(user)
    home = HomePage.objects.get()
    commitment = Commitment.objects.live().get(code="COCDI0001")
    for path in (
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/snippets/cms_blocks/commitment/edit/{commitment.pk}/",
        "/admin/images/multiple/add/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = directives(response)
        where = f"{path}: {response['Content-Security-Policy']}"
        # Wagtail 7.4's admin runs inline scripts and styles; it needs no eval.
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], where
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"], where
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], where
        assert csp["object-src"] == ["'none'"], where
        # The admin frames its own previews.
        assert csp["frame-ancestors"] == ["'self'"], where
        assert_common_headers(response, where)


def test_the_admin_preview_can_be_framed_by_the_admin_only(seeded, client):
    user = get_user_model().objects.create_superuser("preview", "p@example.org", "x")
    client.force_login(user)
    home = HomePage.objects.get()
    response = client.get(f"/admin/pages/{home.pk}/edit/preview/?mode=")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]
    # A preview is rendered by a dummy request for the page's own URL ("/") run through the
    # middleware inside the admin's view: it must still get the admin's policy.
    revision = home.latest_revision
    response = client.get(f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    assert "<h1" in response.content.decode()  # the public template, rendered
    assert directives(response)["frame-ancestors"] == ["'self'"]
    assert directives(response)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_media_origins_from_the_environment_are_allowed():
    """Media on object storage or a CDN (OGP_CSP_MEDIA_ORIGINS) loads on public pages."""
    code = (
        "from django.conf import settings as s;"
        "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']);"
        "print(s.OGP_ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.test",
        "OGP_CSP_MEDIA_ORIGINS": "https://medios.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    public, admin = result.stdout.splitlines()
    assert "https://medios.example.org" in public
    assert "https://medios.example.org" in admin
