import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from wagtail.users.models import UserProfile

from home.roles import ADMINISTRATORS, EDITORS, REVIEWERS, ensure_roles

# Their admin (and their e-mails) in Spanish whatever their browser says; a language a user
# chose since is kept.
DEMO_LANGUAGE = "es"

# (username, group names to try in order, is_superuser)
DEMO_USERS = [
    ("editor", [EDITORS], False),
    ("revisor", [REVIEWERS], False),
    ("admin", [ADMINISTRATORS], True),
]


class Command(BaseCommand):
    help = (
        "Crea los usuarios de demostración editor, revisor y admin (solo en desarrollo). "
        "La contraseña sale de OGP_DEMO_PASSWORD o se genera y se imprime."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Permitirlo aunque DEBUG sea False."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Los usuarios de demostración solo se crean en desarrollo (DEBUG=True)."
            )
        password = os.environ.get("OGP_DEMO_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        ensure_roles()  # idempotent: the groups exist even if the migration ran before the seed
        User = get_user_model()
        for username, group_names, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": username.capitalize()},
            )
            if created or not generated:
                user.set_password(password)
            user.is_staff = True
            user.is_superuser = is_superuser
            user.save()
            profile = UserProfile.get_for_user(user)
            if not profile.preferred_language:
                profile.preferred_language = DEMO_LANGUAGE
                profile.save(update_fields=["preferred_language"])
            group = Group.objects.filter(name__in=group_names).order_by("name").first()
            for name in group_names:
                candidate = Group.objects.filter(name=name).first()
                if candidate:
                    group = candidate
                    break
            if group is not None:
                user.groups.add(group)
            state = "creado" if created else "actualizado"
            self.stdout.write(
                f"Usuario {username} {state}{f' (grupo {group.name})' if group else ''}."
            )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Contraseña generada para los usuarios nuevos: {password}\n"
                    "(defina OGP_DEMO_PASSWORD para fijarla)"
                )
            )
        else:
            self.stdout.write("Contraseña tomada de OGP_DEMO_PASSWORD.")
