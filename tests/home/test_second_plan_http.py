"""A second action plan, as the people who run the site make it, over HTTP: an editor creates
the plan, its axis and a commitment in the admin and submits them; a reviewer approves; the new
plan then has its own pages, and the 2023 plan moves to «Planes anteriores», closed."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms_blocks.models import ActionPlan, Axis, Commitment

from .moderation_support import current_state, make_users, workflow_action_url

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def add_url(model):
    return reverse(model.snippet_viewset.get_url_name("add"))


def add_form(client, model, **values):
    html = client.get(add_url(model)).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    data = {key: data.getlist(key) if len(data.getlist(key)) > 1 else data[key] for key in data}
    data.update(values)
    return data


def submit_new(client, model, **values):
    response = client.post(
        add_url(model), add_form(client, model, **values, **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def approve(client, obj):
    response = client.post(workflow_action_url(obj, "approve"), {})
    assert response.status_code in (200, 302)


def test_an_editor_makes_a_second_plan_and_a_reviewer_approves_it(client, seeded):
    users = make_users()
    editor, reviewer = logged_in(users["editor"]), logged_in(users["revisor"])
    old = ActionPlan.objects.get(slug="2023")
    old_titles = list(Commitment.objects.filter(plan=old).values_list("title", flat=True))

    submit_new(
        editor,
        ActionPlan,
        title="Plan de Acción de Gobierno Abierto 2025-2026",
        slug="2025-2026",
        jurisdiction="Cartagena de Indias, Colombia",
        period_start="2025-01-01",
        period_end="2026-12-31",
        is_illustrative="on",
    )
    plan = ActionPlan.objects.get(slug="2025-2026")
    assert not plan.live  # in review: nothing is public yet
    assert client.get("/planes/2025-2026/").status_code == 404

    # Axes are saved, not reviewed: the editor prepares them while the plan is a draft...
    response = editor.post(
        add_url(Axis),
        add_form(editor, Axis, plan=str(plan.pk), name="Datos abiertos", slug="datos-abiertos"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    axis = Axis.objects.get(plan=plan, slug="datos-abiertos")
    # ...but may not add one to a published plan (it would be public unreviewed).
    response = editor.post(
        add_url(Axis), add_form(editor, Axis, plan=str(old.pk), name="Eje sin revisar", slug="x")
    )
    assert response.status_code == 200
    assert "ya está publicado" in response.content.decode()
    assert not Axis.objects.filter(slug="x").exists()

    submit_new(
        editor,
        Commitment,
        plan=str(plan.pk),
        axis=str(axis.pk),
        title="Presupuestos abiertos por localidad",
        slug="presupuestos-abiertos-localidad",
        summary="Ejemplo de un compromiso del segundo plan.",
        is_illustrative="on",
    )
    commitment = Commitment.objects.get(slug="presupuestos-abiertos-localidad")
    assert not commitment.live
    assert "Presupuestos abiertos por localidad" not in client.get("/compromisos/").content.decode()
    # The editor may not approve; the reviewer approves the plan and the commitment.
    refused = editor.post(workflow_action_url(plan, "approve"), {})
    assert refused.status_code in (302, 403)
    plan.refresh_from_db()
    assert not plan.live
    approve(reviewer, plan)
    plan.refresh_from_db()
    assert plan.live and current_state(plan).status == "approved"
    approve(reviewer, commitment)
    commitment.refresh_from_db()
    assert commitment.live and commitment.plan == plan

    # The new plan is current: its pages, and the unprefixed lists, show its commitment only.
    for url in ("/compromisos/", "/planes/2025-2026/compromisos/", "/planes/2025-2026/"):
        page = client.get(url).content.decode()
        assert "Presupuestos abiertos por localidad" in page, url
        for title in old_titles:
            assert title not in page, (url, title)
    old_list = client.get("/planes/2023/compromisos/").content.decode()
    assert "Presupuestos abiertos por localidad" not in old_list
    for title in old_titles:
        assert title in old_list

    archive = client.get("/planes/").content.decode()
    current, earlier = archive.split("Planes anteriores", 1)
    assert "2025-2026" in current
    assert old.title in earlier
    assert "Plan cerrado" in client.get("/planes/2023/").content.decode()
    assert "Plan cerrado" in client.get(old.pages.get().url).content.decode()
    api = client.get("/api/v2/plans/").json()
    assert {i["slug"]: i["is_current"] for i in api["items"]} == {"2023": False, "2025-2026": True}
