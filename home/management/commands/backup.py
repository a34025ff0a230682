"""``manage.py backup <folder>``: the database (pg_dump, custom format), the media and the
private media, in one new folder (see _backup_common)."""

import json
import subprocess
import tarfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ._backup_common import (
    DB_DUMP,
    MANIFEST,
    MEDIA_ARCHIVE,
    PRIVATE_ARCHIVE,
    database,
    media_on_filesystem,
    pg_command,
    private_media_root,
    sha256,
)


def archive(source, target):
    """A .tar.gz of the folder's contents (an empty archive when the folder does not exist)."""
    with tarfile.open(target, "w:gz") as tar:
        source = Path(source)
        if source.is_dir():
            for child in sorted(source.iterdir()):
                tar.add(child, arcname=child.name)


class Command(BaseCommand):
    help = (
        "Copia de seguridad: base de datos (pg_dump, formato personalizado), medios y adjuntos "
        "privados de las denuncias, en una carpeta nueva."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Carpeta de destino (nueva o vacía).")

    def handle(self, folder, **options):
        db = database()
        target = Path(folder)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"La carpeta {target} no está vacía; use una carpeta nueva.")
        target.mkdir(parents=True, exist_ok=True)
        from django.conf import settings

        # The database first: every file a row names is then already in MEDIA_ROOT when the
        # archive is made (files uploaded in between are extra, never missing).
        program, env = pg_command("pg_dump", db)
        result = subprocess.run(
            [program, "--format=custom", "--file", str(target / DB_DUMP)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_dump falló: {result.stderr.strip()}")
        files = [DB_DUMP]
        if media_on_filesystem():
            archive(settings.MEDIA_ROOT, target / MEDIA_ARCHIVE)
            files.append(MEDIA_ARCHIVE)
        else:
            self.stdout.write(
                "Los medios están en almacenamiento de objetos: respáldelos con el proveedor "
                "(versionado o réplica del bucket)."
            )
        archive(private_media_root(), target / PRIVATE_ARCHIVE)
        files.append(PRIVATE_ARCHIVE)
        manifest = {
            "created": timezone.now().isoformat(),
            "files": {name: sha256(target / name) for name in files},
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        self.stdout.write(
            self.style.SUCCESS(f"Copia de seguridad en {target}: {', '.join(files)}.")
        )
