"""Import commitments and milestones from the CSV files of /datos/ (as drafts).

manage.py import_commitments --compromisos compromisos.csv --hitos hitos.csv --dry-run
    [--plan 2023]   (the plan's slug; by default the current published plan)
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms_blocks.models import ActionPlan
from cms_blocks.opendata.importers import CommitmentImport, ImportFailed


class Command(BaseCommand):
    help = (
        "Importa compromisos e hitos desde los CSV de datos abiertos, como borradores "
        "(todo o nada). Con --dry-run solo muestra lo que haría."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compromisos", dest="commitments", help="compromisos.csv")
        parser.add_argument("--hitos", dest="milestones", help="hitos.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Valida y muestra el plan sin guardar nada."
        )
        parser.add_argument(
            "--plan",
            dest="plan",
            help="Slug del plan de acción en el que importar (por omisión, el plan vigente).",
        )
        parser.add_argument(
            "--usuario",
            dest="username",
            help="Usuario a quien se atribuyen las revisiones (debe poder crear compromisos).",
        )

    def read(self, path):
        if not path:
            return None
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"No se pudo leer {path}: {error.strerror}") from error

    def handle(self, *args, **options):
        if not options["commitments"] and not options["milestones"]:
            raise CommandError("Indique --compromisos, --hitos o ambos.")
        user = None
        if options["username"]:
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"No existe el usuario «{options['username']}».")
        plan = None
        if options["plan"]:
            plan = ActionPlan.objects.source_language().filter(slug=options["plan"]).first()
            if plan is None:
                raise CommandError(f"No existe el plan de acción «{options['plan']}».")
        job = CommitmentImport(
            self.read(options["commitments"]),
            self.read(options["milestones"]),
            user=user,
            action_plan=plan,
        )
        if not job.validate():
            self.report_issues(job.issues)
        for item in job.plan:
            changed = ", ".join(item.changed) if item.changed else "—"
            self.stdout.write(
                f"{item.action_label}: {item.slug} · campos: {changed} · "
                f"hitos: {item.milestones_before} → {item.milestones_after}"
            )
        summary = job.summary()
        if options["dry_run"]:
            self.stdout.write(
                "Simulación: no se guardó nada. "
                f"{summary['create']} por crear, {summary['update']} por actualizar, "
                f"{summary['unchanged']} sin cambios."
            )
            return
        try:
            summary = job.apply()
        except ImportFailed as failure:
            self.report_issues(failure.issues)
        self.stdout.write(
            self.style.SUCCESS(
                f"Importación terminada (borradores): {summary['create']} creados, "
                f"{summary['update']} con nueva revisión, {summary['unchanged']} sin cambios."
            )
        )

    def report_issues(self, issues):
        for issue in issues:
            self.stderr.write(str(issue))
        raise CommandError(f"No se importó nada: {len(issues)} errores.")
