"""Virtual consultation: one vote per person, refusals, the one-time link, the tally."""

import datetime as dt
import json
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from cms_blocks.models import Consultation
from participation.models import Ballot, BallotChoice, PendingBallot, VoterRecord
from participation.voting import (
    LINK_SALT,
    document_digest,
    email_digest,
    make_link_token,
    normalize_document,
    normalize_email,
)

from .helpers import (
    close,
    last_vote_link,
    make_consultation,
    path_of,
    recorded_ballots,
    sealed_choices,
    vote_links,
)

pytestmark = pytest.mark.django_db


def request_link(client, consultation, email="ana@example.org", document="", consent=True, **extra):
    data = {"email": email, "document": document, **extra}
    if consent:
        data["consent"] = "on"
    return client.post(reverse("participation:vote_request", args=[consultation.slug]), data)


def vote(client, consultation, choices, **link_kwargs):
    request_link(client, consultation, **link_kwargs)
    ballot_path = path_of(last_vote_link())
    return client.post(ballot_path, {"opciones": [str(c) for c in choices]})


def option_ids(consultation):
    return [option.pk for option in consultation.options.all()]


def test_full_vote_flow_counts_one_online_vote(client, open_consultation):
    page = client.get(open_consultation.get_absolute_url())
    html = page.content.decode()
    assert 'action="/consultas/consulta-abierta/votar/"' in html
    assert "Ley 1581 de 2012" in html

    response = request_link(client, open_consultation, email="Ana.Perez@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/consultas/consulta-abierta/votar/enlace-enviado/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Ana.Perez@Example.org"]
    # Nothing counts (and nobody is recorded) until the e-mail is confirmed by the link.
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0
    # The link carries no e-mail address.
    link = last_vote_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=LINK_SALT)
    assert set(payload) == {"c", "e", "d", "n"}
    assert "perez" not in json.dumps(payload).lower()
    assert payload["e"] == email_digest(open_consultation.pk, "ana.perez@example.org")

    ballot_page = client.get(path_of(link))
    assert ballot_page.status_code == 200
    assert "Parque lineal" in ballot_page.content.decode()
    assert 'type="radio"' in ballot_page.content.decode()

    chosen = option_ids(open_consultation)[1]
    response = client.post(path_of(link), {"opciones": [str(chosen)]})
    assert response.status_code == 302
    assert response["Location"] == "/consultas/consulta-abierta/voto-registrado/"
    assert VoterRecord.objects.count() == 1
    # The ballot is stored sealed; it is counted in a shuffled batch (or when voting closes).
    assert sealed_choices() == [[chosen]]
    assert BallotChoice.objects.count() == 0
    assert client.get(response["Location"]).status_code == 200

    results = {o.title: v for o, v in close(open_consultation).get_results()}
    assert results == {"Parque lineal": 0, "Biblioteca barrial": 1, "Ciclorruta": 0}
    assert list(BallotChoice.objects.values_list("option_id", flat=True)) == [chosen]
    assert PendingBallot.objects.count() == 0


def test_one_vote_per_email_even_spelled_differently(client, open_consultation):
    first, second = option_ids(open_consultation)[:2]
    assert (
        vote(client, open_consultation, [first], email="ana.perez+consulta@gmail.com").status_code
        == 302
    )

    # Same mailbox, another spelling: the e-mail says there is already a vote, and has no link.
    mail.outbox.clear()
    response = request_link(client, open_consultation, email="AnaPerez@googlemail.com")
    assert response.status_code == 302
    assert vote_links() == []
    assert "Ya hay un voto registrado con este correo" in mail.outbox[0].body

    # A link obtained earlier (before the first vote) is refused once the vote is in.
    token = make_link_token(open_consultation.pk, "anaperez@gmail.com")
    response = client.post(
        reverse("participation:ballot", args=[open_consultation.slug, token]),
        {"opciones": [str(second)]},
    )
    assert response.status_code == 409
    assert "Ya se registró un voto con este correo" in response.content.decode()
    assert recorded_ballots() == 1
    assert sealed_choices() == [[first]]


def test_one_vote_per_document(client, open_consultation):
    first, second = option_ids(open_consultation)[:2]
    assert (
        vote(
            client, open_consultation, [first], email="a@example.org", document="1.047.123.456"
        ).status_code
        == 302
    )
    response = vote(
        client, open_consultation, [second], email="b@example.org", document="1047123456"
    )
    assert response.status_code == 409
    assert "Ya se registró un voto con este número de documento" in response.content.decode()
    assert recorded_ballots() == VoterRecord.objects.count() == 1
    # The same document may vote in another consultation: digests differ per consultation.
    other = make_consultation(slug="otra-consulta")
    response = vote(
        client, other, [option_ids(other)[0]], email="a@example.org", document="1047123456"
    )
    assert response.status_code == 302


def test_identity_is_kept_only_as_keyed_hashes(client, open_consultation):
    vote(
        client,
        open_consultation,
        [option_ids(open_consultation)[0]],
        email="ana@example.org",
        document="CC 52.111.222",
    )
    record = VoterRecord.objects.get()
    values = " ".join(str(getattr(record, f.attname)) for f in VoterRecord._meta.concrete_fields)
    assert "ana" not in values and "52111222" not in values and "example" not in values
    assert record.email_digest == email_digest(open_consultation.pk, "ana@example.org")
    assert record.document_digest == document_digest(open_consultation.pk, "cc-52111222")
    assert len(record.email_digest) == 64


def test_normalisation():
    assert normalize_email("  Ana.Perez+x@GMail.com ") == "anaperez@gmail.com"
    assert normalize_email("ana.perez+x@empresa.co") == "ana.perez@empresa.co"
    assert normalize_document("1.047.123.456") == normalize_document(" 1047123456 ") == "1047123456"


def test_before_opening_is_refused_and_keeps_input(client, db):
    consultation = make_consultation(
        slug="futura", opens_delta=dt.timedelta(days=2), closes_delta=dt.timedelta(days=9)
    )
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "La votación aún no ha abierto" in html
    assert 'name="email"' not in html

    response = request_link(client, consultation, email="temprano@example.org", document="998877")
    assert response.status_code == 403
    body = response.content.decode()
    assert "La votación aún no ha abierto: abre el" in body
    assert mail.outbox == []

    # Even with a valid link (made by hand), the ballot refuses.
    token = make_link_token(consultation.pk, "temprano@example.org")
    response = client.get(reverse("participation:ballot", args=[consultation.slug, token]))
    assert response.status_code == 403
    assert "aún no ha abierto" in response.content.decode()


def test_after_closing_is_refused(client, open_consultation):
    request_link(client, open_consultation, email="tarde@example.org")
    link = path_of(last_vote_link())
    Consultation.objects.filter(pk=open_consultation.pk).update(
        closes_at=open_consultation.opens_at + dt.timedelta(hours=1)
    )
    response = client.post(link, {"opciones": [str(option_ids(open_consultation)[0])]})
    assert response.status_code == 403
    assert "La votación cerró el" in response.content.decode()
    assert recorded_ballots() == VoterRecord.objects.count() == 0

    response = request_link(client, open_consultation, email="tarde2@example.org")
    assert response.status_code == 403
    assert "La votación cerró el" in response.content.decode()
    assert 'value="tarde2@example.org"' in response.content.decode()


def test_seed_consultation_is_closed(client, seeded):
    consultation = Consultation.objects.get(slug="consulta-virtual-2022")
    assert consultation.is_closed()
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "La votación cerró el 21 de noviembre de 2022" in html
    assert 'name="email"' not in html
    assert (
        client.get(reverse("participation:results_csv", args=[consultation.slug])).status_code
        == 200
    )


def test_unconfirmed_email_cannot_vote(client, open_consultation):
    chosen = option_ids(open_consultation)[0]
    # Asking for a link records nothing and counts nothing.
    request_link(client, open_consultation, email="sin-confirmar@example.org")
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0
    # A forged or truncated link is refused: the e-mail was never confirmed.
    for token in ["inventado", make_link_token(open_consultation.pk, "x@example.org")[:-3] + "AAA"]:
        response = client.post(
            reverse("participation:ballot", args=[open_consultation.slug, token]),
            {"opciones": [str(chosen)]},
        )
        assert response.status_code == 400
        assert "El enlace para votar no es válido" in response.content.decode()
    assert VoterRecord.objects.count() == recorded_ballots() == 0


def test_link_of_another_consultation_is_refused(client, open_consultation):
    other = make_consultation(slug="otra")
    token = make_link_token(other.pk, "x@example.org")
    response = client.get(reverse("participation:ballot", args=[open_consultation.slug, token]))
    assert response.status_code == 400
    assert "otra consulta" in response.content.decode()


def test_expired_link(client, open_consultation, monkeypatch, settings):
    settings.OGP_VOTE_LINK_MAX_AGE = 3600
    request_link(client, open_consultation, email="lento@example.org")
    link = path_of(last_vote_link())
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
    response = client.get(link)
    assert response.status_code == 410
    assert "El enlace para votar venció" in response.content.decode()


def test_too_many_options_keeps_the_choice(client, db):
    consultation = make_consultation(
        slug="varias", max_choices=2, options=("A uno", "B dos", "C tres")
    )
    ids = option_ids(consultation)
    request_link(client, consultation, email="varias@example.org")
    link = path_of(last_vote_link())
    assert 'type="checkbox"' in client.get(link).content.decode()
    response = client.post(link, {"opciones": [str(i) for i in ids]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Puede elegir como máximo 2 opciones; eligió 3" in body
    assert body.count(" checked") == 3
    assert recorded_ballots() == 0
    # Two are fine, and both count.
    assert client.post(link, {"opciones": [str(ids[0]), str(ids[2])]}).status_code == 302
    assert sealed_choices() == [sorted([ids[0], ids[2]])]


def test_no_choice_and_foreign_option(client, open_consultation):
    request_link(client, open_consultation, email="nada@example.org")
    link = path_of(last_vote_link())
    response = client.post(link, {})
    assert response.status_code == 400
    assert "Elija una opción" in response.content.decode()
    other = make_consultation(slug="ajena")
    response = client.post(link, {"opciones": [str(option_ids(other)[0])]})
    assert response.status_code == 400
    assert "no es de esta consulta" in response.content.decode()
    assert recorded_ballots() == 0


def test_bad_input_keeps_what_was_typed(client, open_consultation):
    response = request_link(
        client, open_consultation, email="no-es-un-correo", document="12", consent=False
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Escriba un correo electrónico válido" in body
    assert "entre 5 y 15 letras o dígitos" in body
    assert "Debe autorizar el tratamiento de datos" in body
    assert 'value="no-es-un-correo"' in body and 'value="12"' in body
    assert mail.outbox == []


def test_honeypot_refuses(client, open_consultation):
    response = request_link(
        client, open_consultation, email="bot@example.org", sitio_web="http://spam"
    )
    assert response.status_code == 200
    assert "se llenó un campo que debe quedar vacío" in response.content.decode()
    assert mail.outbox == []


def test_csrf_is_required(open_consultation):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = request_link(client, open_consultation)
    assert response.status_code == 403
    assert mail.outbox == []


def test_link_requests_are_rate_limited(client, open_consultation, settings):
    settings.OGP_RATE_LIMITS = {"vote_link_ip": (3, 3600)}
    for n in range(3):
        assert request_link(client, open_consultation, email=f"p{n}@example.org").status_code == 302
    response = request_link(client, open_consultation, email="p9@example.org")
    assert response.status_code == 429
    assert "demasiadas solicitudes" in response.content.decode()
    assert 'value="p9@example.org"' in response.content.decode()
    assert len(mail.outbox) == 3


def test_link_requests_per_email_are_rate_limited(client, open_consultation):
    for _ in range(3):
        assert request_link(client, open_consultation, email="misma@example.org").status_code == 302
    response = request_link(client, open_consultation, email="misma@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 3


# -- results --------------------------------------------------------------------------------------


def test_tally_adds_online_votes_to_reported_ones(client, db):
    consultation = make_consultation(slug="mixta", reported=[10, 5, None])
    a, b, c = option_ids(consultation)
    for n, choice in enumerate([a, c, c]):
        assert vote(client, consultation, [choice], email=f"v{n}@example.org").status_code == 302
    # While open (live results), the table holds the counted ballots; fewer than
    # 2 × OGP_BALLOT_MIX_SIZE are pending, so none is counted yet, and the page says so.
    results = [(o.title, v) for o, v in Consultation.objects.get(pk=consultation.pk).get_results()]
    assert results == [("Parque lineal", 10), ("Biblioteca barrial", 5), ("Ciclorruta", 0)]
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "<td>15</td>" in html
    assert "3 votos en línea más ya están guardados y aún no están en la tabla" in html
    assert "en grupos de al menos 10" in html
    data = json.loads(
        client.get(reverse("participation:results_json", args=[consultation.slug])).content
    )
    assert data["consulta"]["participantes_en_linea"] == 0
    assert data["consulta"]["votos_en_linea_por_contar"] == 3

    # Once closed, every ballot is counted: the results are exact.
    consultation = close(consultation)
    results = [(o.title, v) for o, v in consultation.get_results()]
    assert results == [("Parque lineal", 11), ("Biblioteca barrial", 5), ("Ciclorruta", 2)]

    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "aún no están en la tabla" not in html
    assert "<td>11</td>" in html and "<td>18</td>" in html  # option row and total
    assert "3 personas votaron en línea" in html
    assert "<svg" in html

    csv_response = client.get(reverse("participation:results_csv", args=[consultation.slug]))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert (
        lines[0]
        == "orden,opcion,votos_reportados,votos_en_linea,votos_total,porcentaje,ilustrativo"
    )
    assert lines[1] == "1,Parque lineal,10,1,11,61.1,no"
    assert lines[3] == "3,Ciclorruta,0,2,2,11.1,no"

    data = json.loads(
        client.get(reverse("participation:results_json", args=[consultation.slug])).content
    )
    assert data["total_votos"] == 18
    assert data["consulta"]["participantes_en_linea"] == 3
    assert data["consulta"]["votos_en_linea_por_contar"] == 0
    assert [r["votos_en_linea"] for r in data["resultados"]] == [1, 0, 2]


def test_results_after_close_stay_hidden_while_open(client, db):
    consultation = make_consultation(
        slug="secreta",
        visibility=Consultation.ResultsVisibility.AFTER_CLOSE,
        reported=[None, 4, None],
    )
    a = option_ids(consultation)[0]
    vote(client, consultation, [a], email="x@example.org")
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Los resultados se publicarán al cierre" in html
    assert (
        client.get(reverse("participation:results_csv", args=[consultation.slug])).status_code
        == 404
    )
    assert (
        client.get(reverse("participation:results_json", args=[consultation.slug])).status_code
        == 404
    )
    # No public surface sees the online tally until it closes (blocks, API, open data use this).
    assert [v for _o, v in Consultation.objects.get(pk=consultation.pk).get_results()] == [0, 4, 0]
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=consultation.opens_at + dt.timedelta(seconds=1)
    )
    assert [v for _o, v in Consultation.objects.get(pk=consultation.pk).get_results()] == [1, 4, 0]


def test_consultation_page_query_count_is_constant(client, db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_consultation(slug="pequena", options=("Uno", "Dos"))
    big = make_consultation(slug="grande", options=tuple(f"Opción {n}" for n in range(9)))
    ids = option_ids(big)
    for n in range(6):
        vote(client, big, [ids[n % 9]], email=f"q{n}@example.org")
    counts = {}
    for consultation in (small, big):
        client.get(consultation.get_absolute_url())  # warm caches (site settings, menu)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(consultation.get_absolute_url()).status_code == 200
        counts[consultation.slug] = len(ctx.captured_queries)
        tally = [q for q in ctx.captured_queries if "participation_ballotchoice" in q["sql"]]
        assert len(tally) == 1, tally
        assert "GROUP BY" in tally[0]["sql"]
    assert counts["pequena"] == counts["grande"]


def test_demo_consultation_command(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_consultation")
    settings.DEBUG = True
    call_command("create_demo_consultation")
    call_command("create_demo_consultation")  # idempotent
    consultation = Consultation.objects.live().get(slug="consulta-de-ejemplo")
    assert consultation.is_open() and consultation.is_illustrative
    assert all(option.is_illustrative for option in consultation.options.all())


def test_voter_records_are_purged_after_closing_but_ballots_stay(client):
    from django.core.management import call_command

    consultation = make_consultation(slug="purga")
    vote(client, consultation, [option_ids(consultation)[0]], email="p@example.org")
    call_command("purge_voter_records", dias=30)
    assert VoterRecord.objects.count() == 1  # still open: the record prevents a second vote
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=consultation.opens_at - dt.timedelta(days=90),
        closes_at=consultation.opens_at - dt.timedelta(days=31),
    )
    call_command("purge_voter_records", dias=30)
    assert VoterRecord.objects.count() == 0
    assert Ballot.objects.count() == BallotChoice.objects.count() == 1
