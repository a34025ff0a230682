from django.core.management.base import BaseCommand

from cms_blocks.moderation.roles import ensure_roles, workflow_name


class Command(BaseCommand):
    help = (
        "Crea o completa los grupos (editores, revisores, administradores), sus permisos y el "
        "flujo de revisión. Idempotente: no quita permisos asignados a mano."
    )

    def handle(self, *args, **options):
        groups, workflow = ensure_roles()
        names = ", ".join(sorted(groups))
        name = workflow.name if workflow is not None else workflow_name()
        self.stdout.write(f"Grupos: {names}. Flujo de trabajo: {name}.")
