"""Delete unconfirmed follow requests (and their address) after OGP_FOLLOW_CONFIRM_DAYS (7),
and outbox rows sent more than 30 days ago. From cron, daily."""

from django.core.management.base import BaseCommand

from participation.follow.sending import purge


class Command(BaseCommand):
    help = (
        "Borra las solicitudes de seguimiento sin confirmar vencidas (con su correo) y los "
        "avisos enviados hace más de 30 días."
    )

    def handle(self, *args, **options):
        requests, notices = purge()
        self.stdout.write(
            f"Solicitudes sin confirmar borradas: {requests}; avisos antiguos borrados: {notices}."
        )
