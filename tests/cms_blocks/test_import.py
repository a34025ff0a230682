"""CSV import of commitments and milestones: round trip, dry run, errors, drafts, permissions."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from cms_blocks.models import Commitment, Milestone, MonitorReport
from cms_blocks.opendata.importers import CommitmentImport, ImportFailed
from tests.factories import default_plan

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/importar-compromisos/"
EXPORT_ONLY = {"id", "url", "ultima_publicacion", "evidencia_documento_url"}


def export(client, slug):
    response = client.get(f"/datos/{slug}.csv")
    assert response.status_code == 200
    return response.content


def parse(content):
    reader = csv.DictReader(io.StringIO(content.decode("utf-8"), newline=""))
    return list(reader)


def to_csv(rows, header):
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def comparable(rows):
    return [{k: v for k, v in row.items() if k not in EXPORT_ONLY} for row in rows]


def publish_latest(commitment):
    commitment.refresh_from_db()
    commitment.get_latest_revision().publish()


def snapshot():
    """Everything the import may touch, to check that a failed import changed nothing."""
    return (
        sorted(Commitment.objects.values_list("pk", "slug", "title", "live", "latest_revision_id")),
        sorted(Milestone.objects.values_list("pk", "commitment_id", "title", "status")),
        Revision.objects.count(),
    )


# -- round trip ------------------------------------------------------------------------------


def test_export_import_round_trip_is_lossless(client, content):
    # Give the commitments rich content: HTML with a link, dates, null booleans, codes, tags.
    commitment = Commitment.objects.get(pk=content.commitments[1].pk)
    commitment.description = (
        '<p data-block-key="a1b2c">Con <b>negrita</b> y '
        '<a href="https://example.org/x?a=1&amp;b=2">un enlace</a>.</p>'
        '<ul><li data-block-key="z9">uno; dos, "tres"</li></ul>'
    )
    commitment.summary = 'Línea uno\nLínea dos, con coma y «comillas» "dobles"'
    commitment.monitor_completion = "limited"
    commitment.tags.add("otra etiqueta")
    milestones = list(commitment.milestones.all())
    milestones[0].start_date = milestones[0].end_date = None
    milestones[1].evidence_url = "https://example.org/evidencia"
    milestones[1].responsible = "Secretaría de Participación"
    commitment.milestones = milestones
    commitment.save_revision().publish()

    commitments_csv = export(client, "compromisos")
    milestones_csv = export(client, "hitos")
    original_commitments = comparable(parse(commitments_csv))
    original_milestones = comparable(parse(milestones_csv))

    # 1. Importing the export as it is changes nothing.
    job = CommitmentImport(commitments_csv, milestones_csv)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary() == {"create": 0, "update": 0, "unchanged": 3}
    before = snapshot()
    job.apply()
    assert snapshot() == before

    # 2. Delete everything and import it back: the same content, once published.
    MonitorReport.objects.update(commitment=None)
    Commitment.objects.all().delete()
    job = CommitmentImport(commitments_csv, milestones_csv)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary() == {"create": 3, "update": 0, "unchanged": 0}
    job.apply()
    assert client.get("/datos/compromisos.csv").content.count(b"\r\n") == 1  # drafts only
    for imported in Commitment.objects.all():
        assert imported.live is False
        publish_latest(imported)
    assert comparable(parse(export(client, "compromisos"))) == original_commitments
    assert comparable(parse(export(client, "hitos"))) == original_milestones


def test_an_edit_becomes_a_draft_revision_not_a_published_change(client, content):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    target = next(r for r in rows if r["codigo"] == content.commitments[1].code)
    target["titulo"] = "Título importado"
    target["monitor_cumplimiento"] = "substantial"
    milestone_rows = parse(export(client, "hitos"))
    milestone_header = list(milestone_rows[0])
    mine = [r for r in milestone_rows if r["compromiso"] == target["slug"]]
    mine[0]["estado"] = "completed"
    mine[0]["titulo"] = "Hito importado"
    new = dict(mine[-1], id="", orden="9", titulo="Hito nuevo", estado="not_started")
    milestone_rows.append(new)

    job = CommitmentImport(to_csv(rows, header), to_csv(milestone_rows, milestone_header))
    assert job.validate(), [str(i) for i in job.issues]
    item = next(i for i in job.plan if i.slug == target["slug"])
    assert item.action == "update"
    assert set(item.changed) == {"titulo", "monitor_cumplimiento", "hitos"}
    assert (item.milestones_before, item.milestones_after) == (3, 4)
    assert job.summary() == {"create": 0, "update": 1, "unchanged": 2}
    milestone_ids = set(
        Milestone.objects.filter(commitment__slug=target["slug"]).values_list("pk", flat=True)
    )
    job.apply()

    live = Commitment.objects.get(slug=target["slug"])
    assert live.title == "Contratación abierta"  # the published row is unchanged
    assert live.progress == 33
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.title == "Título importado"
    assert draft.monitor_completion == "substantial"
    titles = [m.title for m in draft.milestones.all()]
    assert titles[0] == "Hito importado" and titles[-1] == "Hito nuevo"
    assert {m.pk for m in draft.milestones.all() if m.pk} == milestone_ids  # identities kept
    assert "Título importado" not in client.get(f"/compromisos/{live.slug}/").content.decode()

    live.get_latest_revision().publish()
    live.refresh_from_db()
    assert live.title == "Título importado"
    assert live.progress == 25  # 1 of 4 milestones completed
    assert Milestone.objects.filter(commitment=live).count() == 4


def test_a_new_commitment_is_created_unpublished_with_a_revision(client, content):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    new = dict(rows[0], id="", codigo="NUEVO1", slug="compromiso-nuevo", titulo="Compromiso nuevo")
    job = CommitmentImport(to_csv([new], header))
    assert job.validate(), [str(i) for i in job.issues]
    assert [(i.action, i.slug) for i in job.plan] == [("create", "compromiso-nuevo")]
    job.apply()
    created = Commitment.objects.get(slug="compromiso-nuevo")
    assert created.live is False
    assert created.latest_revision is not None
    assert client.get("/compromisos/compromiso-nuevo/").status_code == 404
    assert b"compromiso-nuevo" not in export(client, "compromisos")


# -- errors: by line and column, and nothing changes -----------------------------------------


def test_a_bad_file_changes_nothing_and_reports_lines_and_columns(client, content):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    good = dict(rows[0], titulo="Cambio que no debe guardarse")
    new = dict(rows[1], slug="otro-nuevo", titulo="Nuevo válido")
    bad_date = dict(rows[1], fecha_inicio="2023-13-45")
    bad_bool = dict(rows[1], slug="nuevo-2", valor_rendicion_cuentas="quizá", eje="no-existe")
    milestone_rows = parse(export(client, "hitos"))
    milestone_header = list(milestone_rows[0])
    milestone_rows[2]["estado"] = "terminado"
    milestone_rows[3]["compromiso"] = "no-existe"
    before = snapshot()

    job = CommitmentImport(
        to_csv([good, new, bad_date, bad_bool], header), to_csv(milestone_rows, milestone_header)
    )
    assert not job.validate()
    found = {(i.file, i.line, i.column) for i in job.issues}
    assert ("compromisos", 4, "fecha_inicio") in found
    assert ("compromisos", 5, "valor_rendicion_cuentas") in found
    assert ("compromisos", 5, "eje") in found
    assert ("hitos", 4, "estado") in found
    assert ("hitos", 5, "compromiso") in found
    messages = [str(i) for i in job.issues]
    assert any(
        m.startswith(
            "Archivo «compromisos.csv», línea 4, columna «fecha_inicio»: "
            "«2023-13-45» no es una fecha válida"
        )
        for m in messages
    ), messages
    with pytest.raises(ImportFailed):
        job.apply()
    assert snapshot() == before
    assert job.plan == []


def test_multi_line_cells_report_the_line_where_the_row_starts(client, content):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    first = dict(rows[0], resumen="uno\ndos\ntres")
    second = dict(rows[1], fecha_fin="mañana")
    job = CommitmentImport(to_csv([first, second], header))
    assert not job.validate()
    assert [(i.line, i.column) for i in job.issues] == [(5, "fecha_fin")]


def test_header_encoding_and_html_problems_are_reported(content):
    job = CommitmentImport(b"codigo,titulo,nada\r\nX,Y,Z\r\n")
    assert not job.validate()
    columns = {(i.line, i.column) for i in job.issues}
    assert (1, "nada") in columns and (1, "slug") in columns

    job = CommitmentImport("é".encode("latin-1"))
    assert not job.validate()
    assert "UTF-8" in job.issues[0].message and job.issues[0].line == 1

    job = CommitmentImport(None, None)
    assert not job.validate()


def test_unsafe_html_is_refused(client, content):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    rows[0]["problema"] = (
        '<p onclick="x()">hola</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    )
    job = CommitmentImport(to_csv(rows, header))
    assert not job.validate()
    [issue] = job.issues
    assert (issue.line, issue.column) == (2, "problema")
    assert (
        "<script>" in issue.message
        and "onclick" in issue.message
        and "javascript:" in issue.message
    )


def test_an_error_while_writing_rolls_everything_back(client, content, monkeypatch):
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    rows[0]["titulo"] = "Cambio uno"
    rows[1]["titulo"] = "Cambio dos"
    job = CommitmentImport(to_csv(rows, header))
    assert job.validate()
    before = snapshot()
    calls = []
    original = Commitment.save_revision

    def failing(self, *args, **kwargs):
        calls.append(self.slug)
        if len(calls) == 2:
            raise RuntimeError("disco lleno")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Commitment, "save_revision", failing)
    with pytest.raises(RuntimeError):
        job.apply()
    assert len(calls) == 2
    assert snapshot() == before


# -- the management command ------------------------------------------------------------------


def test_command_dry_run_writes_nothing(client, content, tmp_path, capsys):
    rows = parse(export(client, "compromisos"))
    rows[0]["titulo"] = "Desde la consola"
    path = tmp_path / "compromisos.csv"
    path.write_bytes(to_csv(rows, list(rows[0])))
    before = snapshot()
    call_command("import_commitments", "--compromisos", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Nueva revisión (borrador)" in out and "Simulación" in out
    assert snapshot() == before

    call_command("import_commitments", "--compromisos", str(path))
    assert (
        Commitment.objects.get(slug=rows[0]["slug"]).get_latest_revision_as_object().title
        == "Desde la consola"
    )

    rows[0]["fecha_inicio"] = "ayer"
    path.write_bytes(to_csv(rows, list(rows[0])))
    with pytest.raises(CommandError):
        call_command("import_commitments", "--compromisos", str(path))
    assert "línea 2, columna «fecha_inicio»" in capsys.readouterr().err


# -- the admin view: permissions at HTTP level, preview, confirm ------------------------------


@pytest.fixture
def importer_user(django_user_model):
    user = django_user_model.objects.create_user("importadora", password="x")
    group = Group.objects.create(name="Importa compromisos")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_commitment"),
        Permission.objects.get(codename="change_commitment"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor_without_permission(django_user_model):
    user = django_user_model.objects.create_user("sinpermiso", password="x")
    group = Group.objects.create(name="Solo admin")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_commitment"),
    )
    user.groups.add(group)
    return user


def upload(content, name="compromisos.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def edited_export(client):
    rows = parse(export(client, "compromisos"))
    rows[0]["titulo"] = "Desde el admin"
    return rows[0]["slug"], to_csv(rows, list(rows[0]))


def test_anonymous_and_editors_without_permission_are_denied(
    client, content, editor_without_permission
):
    slug, content = edited_export(client)
    before = snapshot()
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        IMPORT_URL,
        {"action": "preview", "action_plan": default_plan().pk, "commitments": upload(content)},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    client.force_login(editor_without_permission)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post(
        IMPORT_URL,
        {"action": "preview", "action_plan": default_plan().pk, "commitments": upload(content)},
    )
    assert response.status_code == 302
    assert "Importar compromisos" not in client.get("/admin/").content.decode()
    assert snapshot() == before


def test_preview_then_confirm(client, content, importer_user):
    slug, content = edited_export(client)
    client.force_login(importer_user)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert "Importar compromisos" in client.get("/admin/").content.decode()  # menu item

    before = snapshot()
    preview = client.post(
        IMPORT_URL,
        {"action": "preview", "action_plan": default_plan().pk, "commitments": upload(content)},
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Vista previa" in html and "Nueva revisión (borrador)" in html and "titulo" in html
    assert snapshot() == before  # the preview is a dry run

    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    data["action"] = "confirm"
    done = client.post(IMPORT_URL, data)
    assert done.status_code == 302
    commitment = Commitment.objects.get(slug=slug)
    assert commitment.get_latest_revision_as_object().title == "Desde el admin"
    assert commitment.get_latest_revision().user == importer_user
    assert commitment.title != "Desde el admin"

    # A confirmation whose plan changed since the preview is refused.
    data["digest"] = "0" * 64
    refused = client.post(IMPORT_URL, data)
    assert refused.status_code == 200
    assert "cambió desde la vista previa" in refused.content.decode()


def test_preview_shows_errors_by_line_and_column(client, content, importer_user):
    rows = parse(export(client, "compromisos"))
    rows[1]["fecha_fin"] = "31/12/2023"
    client.force_login(importer_user)
    response = client.post(
        IMPORT_URL,
        {
            "action": "preview",
            "action_plan": default_plan().pk,
            "commitments": upload(to_csv(rows, list(rows[0]))),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "No se importó nada" in html
    assert "<td>3</td><td>fecha_fin</td>" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None


# -- the target plan -------------------------------------------------------------------------


@pytest.fixture
def plan_b(content):
    """A second plan with an axis of the same slug as one of plan A's, and one of its own."""
    import datetime as dt

    from tests import factories as f

    plan = f.ActionPlanFactory(
        slug="2025", period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    same_slug = f.AxisFactory(plan=plan, name="Transparencia B", slug=content.axes[0].slug)
    own = f.AxisFactory(plan=plan, name="Solo de B", slug="solo-de-b")
    f.CommitmentFactory(plan=plan, axis=own, slug="compromiso-de-b", code="B0001")
    return plan, same_slug, own


def test_an_import_into_plan_b_creates_there_and_resolves_bs_axes(client, content, plan_b):
    plan, same_slug, own = plan_b
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    template = rows[0]
    new = [
        dict(template, id="", plan="2025", slug="nuevo-en-b", codigo="B1", eje=same_slug.slug),
        dict(template, id="", plan="", slug="otro-en-b", codigo="B2", eje="solo-de-b"),
    ]
    job = CommitmentImport(to_csv(new, header), action_plan=plan)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary() == {"create": 2, "update": 0, "unchanged": 0}
    job.apply()
    first = Commitment.objects.get(slug="nuevo-en-b")
    second = Commitment.objects.get(slug="otro-en-b")
    assert (first.plan, first.axis) == (plan, same_slug)  # B's axis, not A's of the same slug
    assert (second.plan, second.axis) == (plan, own)
    assert first.live is False and second.live is False

    # An axis only plan A has is unknown in plan B.
    only_a = content.axes[1].slug
    job = CommitmentImport(
        to_csv([dict(template, id="", plan="", slug="tercero", eje=only_a)], header),
        action_plan=plan,
    )
    assert not job.validate()
    [issue] = job.issues
    assert (issue.line, issue.column) == (2, "eje")
    assert "El plan «2025» no tiene un eje con el slug" in issue.message


def test_an_import_into_plan_b_refuses_a_commitment_of_plan_a(client, content, plan_b):
    plan, _same, _own = plan_b
    rows = parse(export(client, "compromisos"))
    header = list(rows[0])
    a_row = dict(rows[0], plan="", titulo="Movido a B")
    milestone_rows = parse(export(client, "hitos"))
    milestone_header = list(milestone_rows[0])
    a_milestones = [dict(r, plan="") for r in milestone_rows if r["compromiso"] == a_row["slug"]]
    before = snapshot()
    job = CommitmentImport(
        to_csv([a_row], header), to_csv(a_milestones, milestone_header), action_plan=plan
    )
    assert not job.validate()
    found = {(i.file, i.line, i.column) for i in job.issues}
    assert ("compromisos", 2, "slug") in found
    assert ("hitos", 2, "compromiso") in found
    message = str(job.issues[0])
    assert message.startswith("Archivo «compromisos.csv», línea 2, columna «slug»: ")
    assert f"pertenece al plan «{content.plan.slug}»" in message
    assert "elija el plan" in message
    with pytest.raises(ImportFailed):
        job.apply()
    assert snapshot() == before
    assert Commitment.objects.get(slug=a_row["slug"]).plan == content.plan  # never moved


def test_the_plan_column_must_be_empty_or_the_chosen_plan(client, content, plan_b):
    plan, _same, own = plan_b
    rows = parse(export(client, "compromisos"))  # every row says plan «plan-de-prueba»
    header = list(rows[0])
    new = dict(rows[0], id="", slug="nuevo-con-plan-a", eje=own.slug)
    job = CommitmentImport(to_csv([new], header), action_plan=plan)
    assert not job.validate()
    [issue] = job.issues
    assert (issue.file, issue.line, issue.column) == ("compromisos", 2, "plan")
    assert "es del plan «plan-de-prueba», pero eligió importar en el plan «2025»" in issue.message

    # Without the column at all, or with it empty, the row goes into the chosen plan.
    no_plan_header = [name for name in header if name != "plan"]
    row = {k: v for k, v in new.items() if k != "plan"}
    job = CommitmentImport(to_csv([row], no_plan_header), action_plan=plan)
    assert job.validate(), [str(i) for i in job.issues]


def test_a_plans_export_reimports_into_it_losslessly(client, content, plan_b):
    plan, _same, _own = plan_b
    commitments_csv = client.get("/planes/2025/datos/compromisos.csv").content
    milestones_csv = client.get("/planes/2025/datos/hitos.csv").content
    original = comparable(parse(commitments_csv)), comparable(parse(milestones_csv))
    job = CommitmentImport(commitments_csv, milestones_csv, action_plan=plan)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary() == {"create": 0, "update": 0, "unchanged": 1}

    Commitment.objects.filter(plan=plan).delete()
    job = CommitmentImport(commitments_csv, milestones_csv, action_plan=plan)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary() == {"create": 1, "update": 0, "unchanged": 0}
    job.apply()
    imported = Commitment.objects.get(plan=plan)
    publish_latest(imported)
    again = (
        comparable(parse(client.get("/planes/2025/datos/compromisos.csv").content)),
        comparable(parse(client.get("/planes/2025/datos/hitos.csv").content)),
    )
    assert again == original
    # The same file into plan A is refused (its plan column says 2025).
    job = CommitmentImport(commitments_csv, action_plan=content.plan)
    assert not job.validate()
    assert {i.column for i in job.issues} == {"plan", "slug"}


def test_the_admin_form_takes_the_plan_through_preview_and_confirmation(
    client, content, plan_b, importer_user
):
    from tests import factories as f

    plan, _same, own = plan_b
    draft_plan = f.ActionPlanFactory(
        slug="borrador",
        title="Plan en borrador",
        draft=True,
        period_start=content.plan.period_start.replace(year=2027),
        period_end=content.plan.period_end.replace(year=2028),
    )
    client.force_login(importer_user)
    page = client.get(IMPORT_URL)
    field = page.context["upload_form"]["action_plan"]
    choices = [(c.data["value"].value, c.data["label"]) for c in field.subwidgets]
    # Every plan, drafts included, newest first.
    assert [value for value, _label in choices] == [draft_plan.pk, plan.pk, content.plan.pk]
    assert choices[0][1] == "Plan en borrador (sin publicar)"
    # The current plan is preselected (the live plan that started last).
    assert field.value() == plan.pk

    rows = parse(export(client, "compromisos"))
    new = dict(rows[0], id="", plan="", slug="desde-el-admin-en-b", eje=own.slug)
    csv_content = to_csv([new], list(rows[0]))
    missing = client.post(IMPORT_URL, {"action": "preview", "commitments": upload(csv_content)})
    assert missing.status_code == 200
    assert missing.context["upload_form"].errors["action_plan"]

    preview = client.post(
        IMPORT_URL,
        {"action": "preview", "action_plan": plan.pk, "commitments": upload(csv_content)},
    )
    html = preview.content.decode()
    assert "Plan de acción de destino: " in html and "(2025)" in html
    form = preview.context["confirm_form"]
    assert form["action_plan"].value() == plan.pk
    assert preview.context["upload_form"]["action_plan"].value() == plan.pk  # kept
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    data["action"] = "confirm"

    # A confirmation whose plan choice was changed is detected, and writes nothing: here the
    # axis is unknown in the other plan; with a file valid in both, the digest differs.
    before = snapshot()
    changed = client.post(IMPORT_URL, dict(data, action_plan=draft_plan.pk))
    assert changed.status_code == 200
    assert "No se importó nada" in changed.content.decode()
    assert snapshot() == before
    assert "desde-el-admin-en-b" not in Commitment.objects.values_list("slug", flat=True)
    neutral = to_csv([dict(new, eje="")], list(rows[0]))
    preview = client.post(
        IMPORT_URL, {"action": "preview", "action_plan": plan.pk, "commitments": upload(neutral)}
    )
    neutral_form = preview.context["confirm_form"]
    neutral_data = {name: neutral_form[name].value() for name in neutral_form.fields}
    neutral_data = {
        k: ("on" if v is True else "" if v is False else v) for k, v in neutral_data.items()
    }
    refused = client.post(
        IMPORT_URL, dict(neutral_data, action="confirm", action_plan=draft_plan.pk)
    )
    assert "cambió desde la vista previa" in refused.content.decode()
    assert snapshot() == before

    done = client.post(IMPORT_URL, data)
    assert done.status_code == 302
    created = Commitment.objects.get(slug="desde-el-admin-en-b")
    assert (created.plan, created.axis, created.live) == (plan, own, False)
