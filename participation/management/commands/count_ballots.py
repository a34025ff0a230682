"""Count pending (sealed) ballots: every one of closed consultations, batches of open ones."""

from django.core.management.base import BaseCommand

from cms_blocks.models import Consultation
from participation.ballot_box import count_pending
from participation.models import PendingBallot


class Command(BaseCommand):
    help = (
        "Cuenta las papeletas selladas pendientes: todas las de las consultas cerradas y, en las "
        "abiertas, los grupos que ya se pueden contar (OGP_BALLOT_MIX_SIZE). Para cron, junto "
        "con purge_voter_records."
    )

    def handle(self, *args, **options):
        ids = PendingBallot.objects.values_list("consultation_id", flat=True).distinct()
        counted = 0
        for consultation in Consultation.objects.filter(pk__in=list(ids)):
            counted += count_pending(consultation)
        left = PendingBallot.objects.count()
        self.stdout.write(f"Papeletas contadas: {counted}. Pendientes: {left}.")
