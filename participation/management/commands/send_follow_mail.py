"""Send the «Seguir este compromiso» outbox; from cron, like publish_scheduled: every minute
``manage.py send_follow_mail`` (one message per approved change), once a day
``manage.py send_follow_mail --digest`` (the daily digest). README.md has the cron lines.
"""

from django.core.management.base import BaseCommand

from participation.follow.sending import send_pending


class Command(BaseCommand):
    help = (
        "Envía los avisos de seguimiento de compromisos pendientes (uno por cambio aprobado); "
        "con --digest, el resumen diario de quienes lo eligieron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Envía el resumen diario (un correo por seguimiento con los cambios del día).",
        )

    def handle(self, *args, digest=False, **options):
        sent, failed = send_pending(digest=digest)
        kind = "resúmenes diarios" if digest else "avisos"
        self.stdout.write(f"Correos de seguimiento enviados ({kind}): {sent}; fallidos: {failed}.")
        if failed:
            self.stderr.write("Los fallidos se reintentarán en la próxima ejecución.")
