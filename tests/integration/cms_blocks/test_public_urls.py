"""Every absolute URL is on the configured public address, never on the request's host: what the
micrositio adds (robots.txt, search, participation e-mails, load_plan, its settings). The
extension's own URLs (sitemap, API, datasets, the Site's address): tests/cms_blocks.

The public address is ``OGP_PUBLIC_URL`` (here ``PUBLIC``), written into the default Site as
``migrate`` and ``load_plan`` do; every request below comes to another host (``OTHER_HOST``).
"""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse
from wagtail.models import Site

from cms_blocks.models import Commitment
from tests.public_host import ADMIN, OTHER_HOST, PUBLIC, public_host  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_host")]

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def client():
    return Client(HTTP_HOST=OTHER_HOST)


def on_public_host(url):
    return url.startswith(PUBLIC + "/")


# -- sitemap, robots.txt ----------------------------------------------------------------------


def test_sitemap_lists_the_participation_form_on_the_public_host(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert f"{PUBLIC}{reverse('participation:report_create')}" in locations
    assert all(on_public_host(url) for url in locations)


def test_robots_txt_names_the_public_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in text
    assert OTHER_HOST not in text


# -- datasets, search -------------------------------------------------------------------------


def test_search_json_urls_are_on_the_public_host(client):
    data = client.get("/buscar/", {"q": "transparencia", "format": "json"}).json()
    assert data["results"]
    assert all(on_public_host(r["url"]) for r in data["results"])


# -- e-mails of the participation forms -------------------------------------------------------


def test_vote_link_email_is_on_the_public_host(client):
    from tests.participation.helpers import make_consultation

    consultation = make_consultation()
    mail.outbox.clear()
    client.post(
        reverse("participation:vote_request", args=[consultation.slug]),
        {"email": "ana@example.org", "document": "", "consent": "on"},
    )
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/votar/" in word)
    assert link.startswith(f"{PUBLIC}/consultas/{consultation.slug}/votar/"), link
    assert Client().get(urlsplit(link).path).status_code == 200


def test_report_emails_link_the_public_status_page_and_the_admin(
    client, django_capture_on_commit_callbacks
):
    from participation.models import Report
    from participation.roles import REPORT_MANAGERS_GROUP

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/denuncias/nueva/",
            {
                "subject_commitment": "",
                "subject_work": "Andenes del barrio El Bosque",
                "description": "El contratista cobró dos veces la misma obra de andenes.",
                "mode": "con_datos",
                "name": "Luisa Gómez",
                "email": "luisa@example.org",
                "phone": "",
                "consent": "on",
                "sitio_web": "",
            },
        )
    assert response.status_code == 302
    report = Report.objects.get()
    receipt = next(m for m in mail.outbox if m.to == ["luisa@example.org"])
    status = next(w for w in receipt.body.split() if w.startswith("http"))
    assert status == f"{PUBLIC}{reverse('participation:report_status')}"
    assert Client().get(urlsplit(status).path).status_code == 200
    notice = next(m for m in mail.outbox if m.to != ["luisa@example.org"])
    admin_link = next(w for w in notice.body.split() if w.startswith("http"))
    assert admin_link.startswith(ADMIN + "/")
    match = resolve(urlsplit(admin_link).path)
    assert match.view_name == "participation_reports:edit"
    assert str(match.kwargs["pk"]) == str(report.pk)
    manager = get_user_model().objects.create_user("gestora", "g@example.org", "x", is_staff=True)
    manager.groups.add(Group.objects.get(name=REPORT_MANAGERS_GROUP))
    reader = Client()
    reader.force_login(manager)
    assert reader.get(urlsplit(admin_link).path).status_code == 200


# -- the Site record, load_plan, migrate --------------------------------------------------------


def default_site():
    return Site.objects.get(is_default_site=True)


def test_load_plan_writes_the_public_address_into_the_site(settings):
    settings.OGP_PUBLIC_URL = settings.CMS_BLOCKS_PUBLIC_URL = "http://ogp.example.net:8080"
    call_command("load_plan", verbosity=0)
    site = default_site()
    assert (site.hostname, site.port) == ("ogp.example.net", 8080)
    assert Commitment.objects.live().first().get_absolute_url()  # content kept, not reloaded


def test_migrate_writes_the_public_address_into_the_site(settings):
    from home.signals import apply_public_url

    settings.OGP_PUBLIC_URL = settings.CMS_BLOCKS_PUBLIC_URL = "http://ogp.example.net"
    apply_public_url(sender=apps.get_app_config("home"))
    assert (default_site().hostname, default_site().port) == ("ogp.example.net", 80)


# -- settings ---------------------------------------------------------------------------------


def settings_from_env(env, module="ogp_site.settings.base"):
    code = (
        f"import json, {module} as s; print(json.dumps([s.OGP_PUBLIC_URL, "
        "s.CMS_BLOCKS_PUBLIC_URL, s.WAGTAILAPI_BASE_URL, s.WAGTAILADMIN_BASE_URL]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("OGP_PUBLIC_URL",)}
    clean.pop("WAGTAILADMIN_BASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )
    return result


def test_ogp_public_url_feeds_every_base_url_setting():
    result = settings_from_env({"OGP_PUBLIC_URL": "https://ogp.example.org/"})
    assert json.loads(result.stdout) == ["https://ogp.example.org"] * 4
    result = settings_from_env(
        {"OGP_PUBLIC_URL": "https://ogp.example.org", "WAGTAILADMIN_BASE_URL": ADMIN}
    )
    assert json.loads(result.stdout)[3] == ADMIN


def test_production_refuses_to_start_without_a_public_address():
    result = settings_from_env(
        {"SECRET_KEY": "x", "ALLOWED_HOSTS": "ogp.example.org"}, "ogp_site.settings.production"
    )
    assert result.returncode != 0 and "OGP_PUBLIC_URL" in result.stderr
