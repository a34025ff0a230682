"""Ley 1581 (temporality): who voted is kept only while it prevents double votes."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from participation.models import VoterRecord

from .count_ballots import Command as CountBallots


class Command(BaseCommand):
    help = (
        "Borra los registros de votantes (huellas cifradas) de las consultas cerradas hace más de "
        "N días (30 por omisión). Las papeletas anónimas y los resultados se conservan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dias", type=int, default=30, help="Días después del cierre.")

    def handle(self, *args, **options):
        # Closed consultations' sealed ballots are counted before anything else is deleted.
        CountBallots(stdout=self.stdout, stderr=self.stderr).handle()
        limit = timezone.now() - dt.timedelta(days=max(options["dias"], 0))
        deleted, _ = VoterRecord.objects.filter(consultation__closes_at__lt=limit).delete()
        self.stdout.write(f"Registros de votantes borrados: {deleted}.")
