"""``manage.py restore <folder>``: a backup made by ``manage.py backup`` into an empty
database (``createdb`` first) and empty media folders."""

import json
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

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


def extract(archive, destination):
    destination = Path(destination)
    if destination.is_dir() and any(destination.iterdir()):
        raise CommandError(f"La carpeta {destination} no está vacía; restaure en una vacía.")
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(destination, filter="data")  # no absolute paths, no "..", no devices


class Command(BaseCommand):
    help = (
        "Restaura una copia de seguridad de «manage.py backup» en una base de datos vacía "
        "(créela antes con createdb) y en carpetas de medios vacías."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Carpeta de la copia de seguridad.")

    def handle(self, folder, **options):
        db = database()
        source = Path(folder)
        manifest_path = source / MANIFEST
        if not manifest_path.is_file():
            raise CommandError(f"{source} no es una copia de seguridad (falta {MANIFEST}).")
        manifest = json.loads(manifest_path.read_text())
        for name, digest in manifest["files"].items():
            if not (source / name).is_file() or sha256(source / name) != digest:
                raise CommandError(f"{name} falta o está dañado (su SHA-256 no coincide).")
        if connection.introspection.table_names():
            raise CommandError(
                f"La base de datos {db['NAME']} no está vacía; restaure en una nueva (createdb)."
            )
        connection.close()
        # Check both folders before writing anything.
        targets = []
        if MEDIA_ARCHIVE in manifest["files"]:
            if not media_on_filesystem():
                raise CommandError(
                    "La copia trae un archivo de medios, pero MEDIA_STORAGE no es «filesystem»."
                )
            targets.append((MEDIA_ARCHIVE, settings.MEDIA_ROOT))
        targets.append((PRIVATE_ARCHIVE, private_media_root()))
        for _, destination in targets:
            destination = Path(destination)
            if destination.is_dir() and any(destination.iterdir()):
                raise CommandError(
                    f"La carpeta {destination} no está vacía; restaure en una vacía."
                )

        program, env = pg_command("pg_restore", db)
        result = subprocess.run(
            [
                program,
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                env["PGDATABASE"],
                str(source / DB_DUMP),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_restore falló: {result.stderr.strip()}")
        for name, destination in targets:
            extract(source / name, destination)
        self.stdout.write(self.style.SUCCESS(f"Restaurada la copia de {manifest['created']}."))
