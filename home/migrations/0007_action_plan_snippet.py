"""The action plan's metadata move from the page to the extension's ``ActionPlan`` snippet.

Each action plan page gets a plan with the metadata it held (the plan that cms_blocks 0005 made
for the existing content, when there is one and no page has it yet; a new one otherwise), and
points at it. Nothing is lost: every field the page held is copied before it is removed."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = [
    "jurisdiction",
    "period_start",
    "period_end",
    "submitted_on",
    "ogp_submitted_on",
    "ogp_date_source",
    "motto",
    "prologue",
]


def plan_slug(page, ActionPlan):
    start, end = page.period_start, page.period_end
    base = str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    slug, n = base, 2
    while ActionPlan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def forwards(apps, schema_editor):
    ActionPlanPage = apps.get_model("home", "ActionPlanPage")
    ActionPlan = apps.get_model("cms_blocks", "ActionPlan")
    pages = list(ActionPlanPage.objects.order_by("path"))
    unclaimed = list(ActionPlan.objects.order_by("-period_start", "-pk"))
    for page in pages:
        values = {field: getattr(page, field) for field in FIELDS}
        values["title"] = page.title
        values["intro"] = page.intro
        if len(pages) == 1 and len(unclaimed) == 1:
            plan = unclaimed.pop()
            for field, value in values.items():
                setattr(plan, field, value)
            plan.save()
        else:
            plan = ActionPlan.objects.create(
                slug=plan_slug(page, ActionPlan),
                live=page.live,
                has_unpublished_changes=False,
                **values,
            )
        page.plan = plan
        page.save(update_fields=["plan"])


def backwards(apps, schema_editor):
    ActionPlanPage = apps.get_model("home", "ActionPlanPage")
    for page in ActionPlanPage.objects.exclude(plan=None).select_related("plan"):
        for field in FIELDS:
            setattr(page, field, getattr(page.plan, field))
        page.save(update_fields=FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("cms_blocks", "0005_attach_existing_to_a_plan"),
        ("home", "0006_data_policy_url_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplanpage",
            name="plan",
            field=models.ForeignKey(
                help_text="El plan que esta página presenta: sus datos, ejes y compromisos.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="cms_blocks.actionplan",
                verbose_name="plan de acción",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ] + [migrations.RemoveField(model_name="actionplanpage", name=field) for field in FIELDS]
