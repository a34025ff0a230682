"""Bad input of every kind gets an answer (a message, a refusal), never a server error."""

import pytest

from .helpers import last_vote_link, make_consultation, path_of

pytestmark = pytest.mark.django_db

BAD_VALUES = ["", "\x00", "a" * 100_000, "<script>", "' OR 1=1 --", "😀" * 50, "%00", "1e309"]


def test_no_input_causes_a_server_error(client, seeded):
    consultation = make_consultation(slug="robustez")
    vote_url = f"/consultas/{consultation.slug}/votar/"
    codes = []
    for value in BAD_VALUES:
        codes.append(
            client.post(
                vote_url, {"email": value, "document": value, "consent": value, "sitio_web": ""}
            ).status_code
        )
        codes.append(
            client.post(
                "/denuncias/nueva/",
                {
                    "description": value,
                    "mode": value,
                    "subject_commitment": value,
                    "name": value,
                    "email": value,
                    "phone": value,
                    "consent": "on",
                },
            ).status_code
        )
        codes.append(client.post("/denuncias/consulta/", {"code": value}).status_code)
        codes.append(client.get(f"{vote_url}{value[:200] or 'x'}/").status_code)
    client.post(vote_url, {"email": "f@example.org", "consent": "on"})
    ballot_url = path_of(last_vote_link())
    for value in [*BAD_VALUES, ["1", "2", "3"], "-1", "9" * 30]:
        codes.append(client.post(ballot_url, {"opciones": value}).status_code)
    codes.append(
        client.post(
            "/denuncias/nueva/",
            {"attachments": "no-es-un-archivo", "description": "x" * 30, "mode": "anonima"},
        ).status_code
    )
    assert set(codes) <= {200, 302, 400}, sorted(set(codes))
