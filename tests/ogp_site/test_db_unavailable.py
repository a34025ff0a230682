"""The database down: a Spanish 503 that says what was not saved (ogp_site.db_unavailable).

The database fails for real, at the driver: the test's connection is put aside and the next
connection attempt goes to a database that cannot be opened (SQLite: a file in a folder that
does not exist; PostgreSQL: a closed port on 127.0.0.1), so Django's own connect raises
``OperationalError``. Afterwards the connection (and the test's transaction) is put back, and
the database shows that nothing was stored.
"""

import contextlib
import socket

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from cms_blocks.models import Commitment
from home import fragments
from ogp_site import page_cache
from participation.models import Report, VoterRecord
from tests.participation.helpers import (
    last_vote_link,
    make_consultation,
    path_of,
    recorded_ballots,
)

pytestmark = pytest.mark.django_db

# What Django's connect() resets before it tries the driver; put back with the connection.
CONNECTION_STATE = (
    "connection",
    "in_atomic_block",
    "savepoint_ids",
    "atomic_blocks",
    "needs_rollback",
    "commit_on_exit",
    "closed_in_transaction",
    "savepoint_state",
    "run_on_commit",
    "autocommit",
    "errors_occurred",
    "health_check_done",
    "close_at",
)


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def database_down():
    connection.ensure_connection()
    saved = {name: getattr(connection, name) for name in CONNECTION_STATE}
    saved_settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-ogp-folder/down.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    connection.connection = None
    try:
        yield
    finally:
        assert connection.connection is None, "the request reached a working database"
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        for name, value in saved.items():
            setattr(connection, name, value)


def assert_unavailable(response, *texts):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'lang="es-CO"' in html and "Intente de nuevo en unos minutos." in html
    for text in texts:
        assert text in html, text
    assert "Tuvimos un problema" not in html  # not the generic 500 page
    return html


REPORT = {
    "subject_commitment": "",
    "subject_work": "Andenes del barrio El Bosque",
    "description": "El contratista cobró dos veces la misma obra de andenes del barrio.",
    "mode": "anonima",
    "consent": "on",
    "sitio_web": "",
}


def test_a_denuncia_sent_while_the_database_is_down_is_refused_with_a_clear_message(seeded):
    client = Client()
    assert client.get("/denuncias/nueva/").status_code == 200
    reports = Report.objects.count()
    with database_down():
        response = client.post("/denuncias/nueva/", REPORT, REMOTE_ADDR="203.0.113.8")
    html = assert_unavailable(
        response, "Su denuncia no fue registrada", "La denuncia NO quedó registrada"
    )
    assert "el formulario suele conservar lo que escribió" in html
    assert Report.objects.count() == reports
    assert mail.outbox == []  # no receipt, no notice to the transparency office
    # The database back: the same denuncia is stored.
    response = client.post("/denuncias/nueva/", REPORT, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 302 and Report.objects.count() == reports + 1


def test_a_vote_sent_while_the_database_is_down_is_refused_with_a_clear_message(seeded):
    client = Client()
    consultation = make_consultation(slug="consulta-caida")
    request_url = reverse("participation:vote_request", args=[consultation.slug])
    data = {"email": "ana@example.org", "document": "", "consent": "on"}
    assert client.post(request_url, data).status_code == 302
    ballot_path = path_of(last_vote_link())
    assert client.get(ballot_path).status_code == 200
    option = str(consultation.options.first().pk)
    ballots, voters = recorded_ballots(), VoterRecord.objects.count()
    with database_down():
        response = client.post(ballot_path, {"opciones": [option]})
    assert_unavailable(response, "Su voto no fue registrado", "El voto NO quedó registrado")
    assert (recorded_ballots(), VoterRecord.objects.count()) == (ballots, voters)
    # The link still works once the database is back.
    assert client.post(ballot_path, {"opciones": [option]}).status_code == 302
    assert recorded_ballots() == ballots + 1


def test_asking_for_a_vote_link_while_the_database_is_down_says_no_mail_was_sent(seeded):
    consultation = make_consultation(slug="consulta-sin-enlace")
    request_url = reverse("participation:vote_request", args=[consultation.slug])
    client = Client()
    assert client.get(consultation.get_absolute_url()).status_code == 200  # Site cached
    with database_down():
        response = client.post(request_url, {"email": "ana@example.org", "consent": "on"})
    assert_unavailable(response, "No pudimos enviarle el enlace para votar")
    assert mail.outbox == []


def test_a_page_asked_for_while_the_database_is_down_outside_any_view(seeded):
    """With the caches cold, the Site lookup (a middleware, before any view) needs the
    database: the handler500 path gives the same 503, not the generic 500 page."""
    commitment = Commitment.objects.live().first()
    page_cache.bump()
    fragments.bump()
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get(commitment.get_absolute_url())
    assert_unavailable(response, "El sitio no está disponible en este momento")
    assert response.get("X-Page-Cache") is None  # never stored


def test_other_errors_still_get_the_generic_500_page(seeded, settings):
    from ogp_site.db_unavailable import server_error

    request = Client().get("/").wsgi_request
    try:
        raise ValueError("no es la base de datos")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Tuvimos un problema" in response.content.decode()
