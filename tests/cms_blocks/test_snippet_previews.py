"""Editors preview a snippet (new or edited) with its public template, before it is published."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms_blocks.models import (
    CoCreationFigure,
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    Institution,
    MonitorReport,
    ParticipantGroup,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Commitment,
    MonitorReport,
    Committee,
    CommitteeMember,
    Consultation,
    Institution,
    Initiative,
    CoCreationFigure,
    ParticipantGroup,
]
TITLE_FIELDS = ("title", "name", "label")


def url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def title_field(model):
    return next(f for f in TITLE_FIELDS if any(x.name == f for x in model._meta.fields))


def preview(client, preview_url, data):
    response = client.post(preview_url, data)
    assert response.status_code == 200
    assert response.json() == {"is_valid": True, "is_available": True}, response.json()
    response = client.get(preview_url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_preview_of_an_edit_shows_the_draft_with_the_public_template(admin_client, content, model):
    obj = model.objects.live().order_by("pk").first()
    html = admin_client.get(url(model, "edit", obj.pk)).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    field = title_field(model)
    data[field] = f"{getattr(obj, field)} (borrador en vista previa)"
    page = preview(admin_client, url(model, "preview_on_edit", obj.pk), data)
    assert "(borrador en vista previa)" in page
    assert "Vista previa: este contenido aún no está publicado." in page
    assert '<meta name="robots" content="noindex">' in page
    # Nothing was saved.
    assert "(borrador" not in getattr(model.objects.get(pk=obj.pk), field)


@pytest.mark.parametrize("model", [Commitment, MonitorReport, Committee], ids=lambda m: m.__name__)
def test_preview_of_a_new_snippet(admin_client, content, model):
    html = admin_client.get(url(model, "add")).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    field = title_field(model)
    data[field] = "Nuevo en vista previa"
    data["slug"] = "nuevo-en-vista-previa"
    if model is MonitorReport:
        data["moment"] = "learning"
    page = preview(admin_client, url(model, "preview_on_add"), data)
    assert "Nuevo en vista previa" in page
    assert not model.objects.filter(slug="nuevo-en-vista-previa").exists()
