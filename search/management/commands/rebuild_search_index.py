from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = (
        "Reconstruye el índice del buscador público con las páginas publicadas y públicas y "
        "los fragmentos publicados, en cada idioma (las traducciones también). No hace falta "
        "en el uso normal: el índice se actualiza al publicar, despublicar o eliminar."
    )

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] else None
        count = indexing.rebuild(log=log)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Índice del buscador: {count} documentos."))
