from django.core.management.base import BaseCommand

from cms_blocks.history import rebuild_history


class Command(BaseCommand):
    help = (
        "Reconstruye el historial público de los compromisos a partir de sus publicaciones "
        "registradas (cada publicación aprobada, con su revisión). Idempotente: lo que ya está "
        "en el historial no se repite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Solo cuenta las publicaciones que faltan en el historial, sin escribirlas.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        created, existing = rebuild_history(dry_run=dry_run)
        if options["verbosity"]:
            if dry_run:
                message = (
                    "Publicaciones por añadir al historial: {created} (ya estaban: {existing})."
                )
            else:
                message = "Publicaciones añadidas al historial: {created} (ya estaban: {existing})."
            self.stdout.write(message.format(created=created, existing=existing))
