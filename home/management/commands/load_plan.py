from django.core.management import call_command
from django.core.management.base import BaseCommand

from home.seed.loader import SeedLoader


class Command(BaseCommand):
    help = (
        "Carga el Plan de Acción de Gobierno Abierto 2023 como páginas y fragmentos publicados. "
        "Es idempotente: lo que ya existe no se modifica."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def log(message):
            if verbosity:
                self.stdout.write(message)

        SeedLoader(log=log).run()
        # Each commitment's public history, from the seed's real publications (idempotent).
        call_command("build_commitment_history", verbosity=verbosity)
