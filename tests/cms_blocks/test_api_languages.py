"""The API v2 per language (issue 12): ``?locale=en``, as on Wagtail's pages endpoint, gives the
same objects with the same fields and the text of their published translations (the source
text otherwise); no locale is the source language as before, an unknown one a 400 in Spanish,
and a listing costs no more queries with every object translated."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import Commitment
from tests.cms_blocks import test_translation
from tests.factories import translate, translate_commitment

pytestmark = pytest.mark.django_db

english = test_translation.english  # the fixture: English as a second content language


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def items(client, url):
    return {item["id"]: item for item in get(client, url)["items"]}


def test_locale_en_gives_the_translated_text_with_the_same_fields(client, content, english):
    translated, untranslated = content.commitments[1], content.commitments[2]
    copy = translate_commitment(translated, english, "Open contracting")
    translate(content.coordinating, english, name="Planning Office")
    fields = "?fields=*"
    spanish = items(client, f"/api/v2/commitments/{fields}")
    inglish = items(client, f"/api/v2/commitments/{fields}&locale=en")
    assert set(inglish) == set(spanish)  # the same objects: no English row of its own
    assert copy.pk not in inglish
    shown, source = inglish[translated.pk], spanish[translated.pk]
    assert set(shown) == set(source) and set(shown["meta"]) == set(source["meta"])
    assert (shown["title"], shown["summary"]) == ("Open contracting", "Open contracting: summary")
    assert source["title"] == "Contratación abierta"
    assert shown["lead_institution"] == {
        "id": content.coordinating.pk,
        "name": "Planning Office",
        "slug": content.coordinating.slug,
    }
    for name in ("status", "progress", "slug", "code", "start_date", "tags", "axis", "plan"):
        assert shown[name] == source[name], name
    assert [m["title"] for m in shown["milestones"]] == [
        f"EN {m['title']}" for m in source["milestones"]
    ]
    assert [(m["id"], m["status"], m["end_date"]) for m in shown["milestones"]] == [
        (m["id"], m["status"], m["end_date"]) for m in source["milestones"]
    ]
    assert inglish[untranslated.pk]["title"] == untranslated.title  # no translation: Spanish

    detail = get(client, f"/api/v2/commitments/{translated.pk}/?locale=en")
    assert detail["title"] == "Open contracting"
    assert set(detail) == set(get(client, f"/api/v2/commitments/{translated.pk}/"))
    get(client, f"/api/v2/commitments/{copy.pk}/?locale=en", status=404)  # not an object


def test_no_locale_or_the_source_one_is_spanish_and_a_draft_lends_nothing(client, content, english):
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets")
    draft = content.commitments[1]
    translate(draft, english, live=False, title="Not approved yet")
    for url in ("/api/v2/commitments/", "/api/v2/commitments/?locale=es-mx"):
        listed = items(client, url)
        assert listed[commitment.pk]["title"] == commitment.title
    assert items(client, "/api/v2/commitments/?locale=EN")[commitment.pk]["title"] == (
        "Open budgets"
    )
    assert items(client, "/api/v2/commitments/?locale=en")[draft.pk]["title"] == draft.title


@pytest.mark.parametrize(
    "endpoint", ["commitments", "institutions", "reports", "consultations", "progress"]
)
def test_an_unknown_locale_is_a_clear_400_in_spanish(client, content, english, endpoint):
    answer = get(client, f"/api/v2/{endpoint}/?locale=xx", status=400)
    assert answer["message"] == "locale desconocido: «xx». Idiomas disponibles: es-mx, en"


def test_without_a_second_language_en_is_unknown(client, content):
    answer = get(client, "/api/v2/commitments/?locale=en", status=400)
    assert "locale desconocido" in answer["message"]


def test_every_snippet_endpoint_takes_the_locale(client, content, english):
    translate(content.monitor, english, name="Monitoring University")
    report = content.reports[0]
    translate(report, english, title="Initial report")
    consultation = content.consultation
    copy = consultation.copy_for_translation(english)
    copy.title = "Initiatives poll"
    for option in copy.options.all():
        option.title = f"EN {option.title}"
    copy.live = True
    copy.save()
    member = content.members[0]
    translate(member, english, role="Member")

    institutions = items(client, "/api/v2/institutions/?locale=en&fields=name,role")
    assert institutions[content.monitor.pk]["name"] == "Monitoring University"
    assert institutions[content.monitor.pk]["role"] == content.monitor.role  # a code

    reports = items(client, "/api/v2/reports/?locale=en&fields=title,monitor,moment")
    assert reports[report.pk]["title"] == "Initial report"
    assert reports[report.pk]["monitor"]["name"] == "Monitoring University"
    assert reports[report.pk]["moment"] == report.moment

    detail = get(client, f"/api/v2/consultations/{consultation.pk}/?locale=en")
    assert detail["title"] == "Initiatives poll"
    spanish = get(client, f"/api/v2/consultations/{consultation.pk}/")
    assert [o["title"] for o in detail["options"]] == [
        f"EN {o['title']}" for o in spanish["options"]
    ]
    assert detail["results"] is not None  # closed: its results are public
    assert [r["total_votes"] for r in detail["results"]] == [
        r["total_votes"] for r in spanish["results"]
    ]
    assert [r["title"] for r in detail["results"]] == [
        f"EN {r['title']}" for r in spanish["results"]
    ]

    members = items(client, "/api/v2/committee-members/?locale=en")
    assert members[member.pk]["role"] == "Member"
    assert members[member.pk]["name"] == member.name  # not translatable


def test_the_progress_endpoint_takes_the_locale(client, content, english):
    commitment = content.commitments[1]
    translate_commitment(commitment, english, "Open contracting")
    spanish = get(client, "/api/v2/progress/")["items"]
    inglish = get(client, "/api/v2/progress/?locale=en")["items"]
    assert [sorted(item) for item in inglish] == [sorted(item) for item in spanish]
    assert [item["progress"] for item in inglish] == [item["progress"] for item in spanish]
    late = [m for item in inglish for m in item["late_milestones"]]
    late_spanish = [m for item in spanish for m in item["late_milestones"]]
    assert [(m["commitment"], m["end_date"], m["status"]) for m in late] == [
        (m["commitment"], m["end_date"], m["status"]) for m in late_spanish
    ]
    mine = [
        (shown["milestone"], source["milestone"])
        for shown, source in zip(late, late_spanish, strict=True)
        if shown["commitment"]["id"] == commitment.pk
    ]
    assert mine, late_spanish
    assert all(shown == f"EN {source}" for shown, source in mine)


def count(client, url):
    client.get(url)  # warm: the translations' text is read once, then cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


URLS = [
    "/api/v2/commitments/?fields=*",
    "/api/v2/institutions/?fields=*",
    "/api/v2/reports/?fields=*",
    "/api/v2/committee-members/",
    "/api/v2/consultations/",
    "/api/v2/progress/",
]


def test_queries_do_not_grow_with_the_translations(client, content, english):
    spanish = {url: count(client, url) for url in URLS}
    before = {url: count(client, f"{url}{'&' if '?' in url else '?'}locale=en") for url in URLS}
    assert before == spanish
    for commitment in Commitment.objects.live():
        translate_commitment(commitment, english, f"EN {commitment.title}")
    for institution in content.institutions:
        translate(institution, english, name=f"EN {institution.name}")
    for report in content.reports:
        translate(report, english, title=f"EN {report.title}")
    after = {url: count(client, f"{url}{'&' if '?' in url else '?'}locale=en") for url in URLS}
    assert after == spanish
    listed = get(client, "/api/v2/commitments/?locale=en")["items"]
    assert listed and all(item["title"].startswith("EN ") for item in listed)


def test_find_keeps_the_locale(client, content, english):
    """Wagtail's find redirect keeps the query string but «id»: the locale goes on."""
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets")
    response = client.get(f"/api/v2/commitments/find/?id={commitment.pk}&locale=en")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/commitments/{commitment.pk}/?locale=en")
    assert client.get(response["Location"]).json()["title"] == "Open budgets"
    spanish = client.get(f"/api/v2/commitments/find/?id={commitment.pk}")
    assert spanish["Location"].rstrip("?").endswith(f"/api/v2/commitments/{commitment.pk}/")
