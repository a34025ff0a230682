"""Everything that exists belongs to one plan: a database from before action plans (one plan,
modelled implicitly) gets that plan, published, and every plan-scoped row is attached to it.
Nothing is deleted or unpublished. The site fills in the plan's metadata from where it held
them (a site whose pages held them copies them in a migration of its own)."""

import datetime

from django.db import migrations

SCOPED = [
    "Axis",
    "Commitment",
    "CoCreationFigure",
    "ParticipantGroup",
    "Committee",
    "Consultation",
    "MonitorReport",
]


def forwards(apps, schema_editor):
    models = {name: apps.get_model("cms_blocks", name) for name in SCOPED}
    if not any(model.objects.filter(plan__isnull=True).exists() for model in models.values()):
        return
    ActionPlan = apps.get_model("cms_blocks", "ActionPlan")
    plan = ActionPlan.objects.order_by("-period_start", "-pk").first()
    if plan is None:
        Commitment = models["Commitment"]
        starts = Commitment.objects.exclude(start_date=None).order_by("start_date")
        ends = Commitment.objects.exclude(end_date=None).order_by("-end_date")
        start = starts.values_list("start_date", flat=True).first() or datetime.date.today()
        end = ends.values_list("end_date", flat=True).first() or start
        plan = ActionPlan.objects.create(
            title="Plan de acción",
            slug=str(start.year),
            jurisdiction="",
            period_start=start,
            period_end=max(start, end),
            live=True,
            has_unpublished_changes=False,
        )
    for model in models.values():
        model.objects.filter(plan__isnull=True).update(plan=plan)


class Migration(migrations.Migration):
    dependencies = [("cms_blocks", "0004_action_plans")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
