"""Reports in the admin: only «Gestores de denuncias (Transparencia)» and superusers."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from participation.models import Report, ReportAttachment
from participation.roles import REPORT_MANAGERS_GROUP, ensure_report_managers_group

from .files import pdf_bytes

pytestmark = pytest.mark.django_db

INDEX = "/admin/denuncias/"


@pytest.fixture
def report():
    report = Report.objects.create(
        description="Cobro irregular en la obra del parque.",
        subject_work="Parque del barrio",
        is_anonymous=False,
        reporter_name="Marta Ruiz",
        reporter_email="marta@example.org",
        consent=True,
    )
    attachment = ReportAttachment(report=report, kind="pdf", size=len(pdf_bytes()))
    attachment.file.save("adjunto.pdf", ContentFile(pdf_bytes()), save=True)
    return report


def staff_user(django_user_model, username, groups=(), permissions=()):
    user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(access, *permissions)
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def manager(django_user_model):
    return staff_user(django_user_model, "gestora", groups=[ensure_report_managers_group()])


@pytest.fixture
def editor(django_user_model):
    """An editor with every permission of the content apps and even the report permissions,
    but outside the managers group: still denied."""
    permissions = Permission.objects.filter(
        content_type__app_label__in=[
            "cms_blocks",
            "wagtailcore",
            "wagtailimages",
            "wagtaildocs",
            "participation",
        ]
    )
    return staff_user(django_user_model, "editora", permissions=list(permissions))


def test_group_is_created_idempotently():
    first = ensure_report_managers_group()
    second = ensure_report_managers_group()
    assert first.pk == second.pk
    assert Group.objects.filter(name=REPORT_MANAGERS_GROUP).count() == 1
    codenames = set(first.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_report", "change_report"} <= codenames
    assert "delete_report" not in codenames and "add_report" not in codenames


@pytest.mark.parametrize(
    "url",
    [
        INDEX,
        INDEX + "?export=csv",
        INDEX + "?export=xlsx",
        INDEX + "edit/{pk}/",
        INDEX + "delete/{pk}/",
        INDEX + "new/",
        INDEX + "adjunto/{attachment}/",
    ],
)
def test_other_editors_get_403(client, editor, report, url):
    client.force_login(editor)
    attachment = report.attachments.get()
    response = client.get(url.format(pk=report.pk, attachment=attachment.pk))
    assert response.status_code == 403
    assert b"Marta" not in response.content and b"Cobro irregular" not in response.content


def test_other_editors_cannot_change_a_report(client, editor, report):
    client.force_login(editor)
    response = client.post(
        INDEX + f"edit/{report.pk}/", {"status": "cerrada", "public_answer": "x"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED


def test_menu_item_only_for_managers(client, editor, manager):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert INDEX not in client.get("/admin/").content.decode()
    client.force_login(manager)
    assert INDEX in client.get("/admin/").content.decode()


def test_anonymous_visitors_go_to_login(client, report):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_manager_lists_filters_and_answers(client, manager, report):
    other = Report.objects.create(description="Otra denuncia de prueba, anónima.", consent=True)
    client.force_login(manager)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert report.tracking_code in html and other.tracking_code in html

    response = client.get(INDEX + "?status=en_tramite")
    assert report.tracking_code not in response.content.decode()

    edit = client.get(INDEX + f"edit/{report.pk}/")
    assert edit.status_code == 200
    assert "Marta Ruiz" in edit.content.decode()  # managers see the contact
    assert f"{INDEX}adjunto/{report.attachments.get().pk}/" in edit.content.decode()

    response = client.post(
        INDEX + f"edit/{report.pk}/",
        {
            "status": "en_tramite",
            "public_answer": "Trasladada a la Contraloría.",
            "internal_notes": "Revisar contrato 123.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    assert report.public_answer == "Trasladada a la Contraloría."
    # The citizen's fields are read-only: posting them changes nothing.
    client.post(
        INDEX + f"edit/{report.pk}/",
        {"status": "cerrada", "description": "Cambiada", "reporter_name": "Otro"},
    )
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert report.description == "Cobro irregular en la obra del parque."
    assert report.reporter_name == "Marta Ruiz"

    client.get(INDEX)  # shows (and consumes) the «updated» message
    response = client.get(INDEX + "?status=en_tramite")
    assert report.tracking_code not in response.content.decode()
    response = client.get(INDEX + "?status=cerrada")
    assert report.tracking_code in response.content.decode()


def test_manager_exports_csv_and_xlsx_without_contact_details(client, manager, report):
    client.force_login(manager)
    csv_response = client.get(INDEX + "?export=csv")
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert report.tracking_code in text and "Recibida" in text and "Radicado" in text
    assert "Marta" not in text and "marta@example.org" not in text

    xlsx_response = client.get(INDEX + "?export=xlsx")
    assert xlsx_response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Radicado"
    assert rows[1][0] == report.tracking_code
    assert rows[1][6] == 1  # attachments


def test_manager_downloads_an_attachment(client, manager, report):
    client.force_login(manager)
    attachment = report.attachments.get()
    response = client.get(f"{INDEX}adjunto/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_superuser_is_allowed(client, django_user_model, report):
    admin = django_user_model.objects.create_superuser("raiz", "raiz@example.org", "x")
    client.force_login(admin)
    assert client.get(INDEX).status_code == 200
    assert client.get(INDEX + f"edit/{report.pk}/").status_code == 200
    # Reports come only from citizens: not even a superuser adds one in the admin.
    assert f'href="{INDEX}new/"' not in client.get(INDEX).content.decode()
    assert client.get(INDEX + "new/").status_code in (302, 403)


def test_commitment_usage_does_not_reveal_reports(client, django_user_model, seeded):
    from wagtail.models import ReferenceIndex

    from cms_blocks.models import Commitment

    commitment = Commitment.objects.live().first()
    Report.objects.create(
        description="Sobre un compromiso.", subject_commitment=commitment, consent=True
    )
    referencing = ReferenceIndex.get_references_to(commitment)
    assert not [r for r in referencing if r.content_type.app_label == "participation"]
