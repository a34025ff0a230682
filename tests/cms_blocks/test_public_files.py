"""A document is downloadable by the public only while a live page or live snippet uses it."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms_blocks.models import MonitorReport
from cms_blocks.public_files import is_publicly_used

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(content):
    Document = get_document_model()
    doc = Document(title="Borrador del informe")
    doc.file.save("borrador-informe.txt", ContentFile(b"contenido del borrador"), save=False)
    doc.save()
    return doc


def download(client, document):
    return client.get(f"/documents/{document.pk}/{document.filename}")


def test_an_unused_document_is_not_public_but_editors_get_it(client, document):
    assert not is_publicly_used(document)
    assert download(client, document).status_code == 404
    editor = get_user_model().objects.create_superuser("raiz", "raiz@example.org", "x")
    client.force_login(editor)
    assert download(client, document).status_code == 200


def test_a_document_used_only_by_a_draft_is_not_public(client, document):
    report = MonitorReport.objects.live().first()
    draft = report.get_latest_revision_as_object()
    draft.document = document
    draft.save_revision()  # awaiting approval: the live row does not use it
    assert download(client, document).status_code == 404

    never_published = MonitorReport.objects.live().first()
    never_published.pk = None
    never_published.translation_key = uuid.uuid4()  # another object, not a translation
    never_published.slug = "informe-borrador"
    never_published.live = False
    never_published.document = document
    never_published.save()
    assert download(client, document).status_code == 404


def test_publishing_makes_it_public_and_unpublishing_hides_it_again(client, document):
    report = MonitorReport.objects.live().first()
    draft = report.get_latest_revision_as_object()
    draft.document = document
    draft.save_revision().publish()
    response = download(client, document)
    assert response.status_code == 200
    assert b"contenido del borrador" in b"".join(response.streaming_content)

    report.refresh_from_db()
    report.unpublish()
    assert download(client, document).status_code == 404
