from django.core.management.base import BaseCommand

from home.roles import WORKFLOW_NAME, ensure_roles


class Command(BaseCommand):
    help = (
        "Crea o completa los grupos (Editores, Revisores, Administradores), sus permisos y el "
        "flujo «Revisión del micrositio». Idempotente: no quita permisos asignados a mano."
    )

    def handle(self, *args, **options):
        groups, workflow = ensure_roles()
        names = ", ".join(sorted(groups))
        self.stdout.write(f"Grupos: {names}. Flujo de trabajo: {workflow.name or WORKFLOW_NAME}.")
