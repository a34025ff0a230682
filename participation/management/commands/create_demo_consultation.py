"""An open consultation to try voting in development: illustrative, never in production."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms_blocks.models import Consultation, ConsultationOption

SLUG = "consulta-de-ejemplo"
OPTIONS = [
    ("Opción de ejemplo A", "Texto ilustrativo: una iniciativa ciudadana para votar."),
    ("Opción de ejemplo B", "Texto ilustrativo: otra iniciativa ciudadana."),
    ("Opción de ejemplo C", "Texto ilustrativo: una tercera iniciativa."),
]


class Command(BaseCommand):
    help = (
        "Crea (si no existe) una consulta de ejemplo abierta durante 7 días, marcada como "
        "ilustrativa, para probar la votación en desarrollo (DEBUG=True)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Permitirlo aunque DEBUG sea False."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("La consulta de ejemplo solo se crea en desarrollo (DEBUG=True).")
        consultation = Consultation.objects.filter(slug=SLUG).first()
        if consultation is None:
            from cms_blocks.models import ActionPlan

            plan = ActionPlan.objects.live().current()
            if plan is None:
                raise CommandError(
                    "No hay un plan de acción publicado: cargue primero el plan "
                    "(manage.py load_plan)."
                )
            now = timezone.now()
            consultation = Consultation(
                plan=plan,
                title="Consulta de ejemplo (ilustrativa)",
                slug=SLUG,
                question="¿Cuál de estas iniciativas de ejemplo prefiere?",
                description=(
                    "Consulta ilustrativa creada para probar la votación en línea en un entorno "
                    "de desarrollo. No corresponde a ninguna consulta real de la entidad."
                ),
                opens_at=now - dt.timedelta(minutes=5),
                closes_at=now + dt.timedelta(days=7),
                max_choices=1,
                results_visibility=Consultation.ResultsVisibility.LIVE,
                is_illustrative=True,
                source="Contenido ilustrativo de desarrollo",
            )
            consultation.options = [
                ConsultationOption(title=title, description=text, is_illustrative=True)
                for title, text in OPTIONS
            ]
            consultation.save()
            revision = consultation.save_revision()
            revision.publish()
            state = "creada"
        elif consultation.is_closed():
            consultation.closes_at = timezone.now() + dt.timedelta(days=7)
            consultation.save(update_fields=["closes_at"])
            state = "reabierta por 7 días"
        else:
            state = "ya existía"
        self.stdout.write(
            f"Consulta de ejemplo {state}: {consultation.get_absolute_url()} "
            "(el enlace para votar aparece en la consola del servidor: correo de desarrollo)."
        )
