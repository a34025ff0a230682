"""What ``manage.py backup`` and ``manage.py restore`` share (docs/deploy.md, backups).

A backup is a folder with four files:

- ``db.dump``: ``pg_dump --format=custom`` of the site's PostgreSQL database;
- ``media.tar.gz``: MEDIA_ROOT (images, renditions, documents), when media are on the filesystem;
- ``private-media.tar.gz``: the report attachments (participation.models.report_storage), which
  are never public and live outside MEDIA_ROOT;
- ``manifest.json``: when it was taken and the SHA-256 of each file, checked before a restore.
"""

import hashlib
import os
import shutil

from django.conf import settings
from django.core.management.base import CommandError

DB_DUMP = "db.dump"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private-media.tar.gz"
MANIFEST = "manifest.json"


def database():
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise CommandError(
            "Las copias de seguridad usan pg_dump: la base de datos debe ser PostgreSQL "
            "(DATABASE_URL=postgres://…)."
        )
    return db


def pg_command(name, db):
    """The program (from PATH, or /usr/bin) and the environment that connects it to ``db``."""
    program = shutil.which(name) or (
        f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None
    )
    if not program:
        raise CommandError(f"No se encontró {name} (paquete postgresql-client).")
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return program, env


def media_on_filesystem():
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def private_media_root():
    from participation.models import report_storage

    return report_storage.location


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
