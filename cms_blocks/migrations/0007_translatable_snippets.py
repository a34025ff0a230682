"""Every editorial snippet (and its milestones or options) becomes translatable: a locale and a
translation key on each row. The rows that exist are in the default locale (the site's
``LANGUAGE_CODE``), each with a key of its own; a child row takes its parent's locale."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SNIPPETS = [
    "actionplan",
    "cocreationfigure",
    "participantgroup",
    "committee",
    "committeemember",
    "consultation",
    "initiative",
    "institution",
    "monitorreport",
    "commitment",
]
CHILDREN = ["milestone", "consultationoption"]


def default_locale(apps):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale = Locale.objects.filter(language_code=code).first()
    return locale or Locale.objects.create(language_code=code)


def bootstrap(apps, schema_editor):
    models_ = [apps.get_model("cms_blocks", name) for name in SNIPPETS + CHILDREN]
    if not any(model.objects.exists() for model in models_):
        return
    locale = default_locale(apps)
    for model in models_:
        for pk in model.objects.filter(translation_key__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(translation_key=uuid.uuid4(), locale=locale)


def fields(name):
    return [
        migrations.AddField(
            model_name=name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name=name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cms_blocks", "0006_plan_required"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        *[operation for name in SNIPPETS + CHILDREN for operation in fields(name)],
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
    ]
