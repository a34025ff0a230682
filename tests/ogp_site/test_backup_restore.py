"""A backup restores into a fresh database that serves the same pages (PostgreSQL only).

``manage.py backup`` on a scratch database loaded with the seed, ``createdb`` of a second one,
``manage.py restore`` into it and into empty media folders; then the same pages, rendered by
Django's test client against each database, must be identical, and the media and private
media files byte for byte. Both scratch databases are dropped at the end.

Runs when DATABASE_URL is PostgreSQL (the CI's PostgreSQL pass); skipped on SQLite.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings

DATABASE_URL = os.environ.get("DATABASE_URL", "")
IS_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL through DATABASE_URL"),
]

# Renders the pages with the test client and prints {path: [status, body]}; the CSP nonce and
# the CSRF token change with every response, so they are blanked.
RENDER = r"""
import json, re
from django.test import Client
client = Client()
listing = client.get("/compromisos/").content.decode()
commitment = sorted(set(re.findall(r'href="(/compromisos/[-a-z0-9]+/)"', listing)))[0]
pages = {}
for path in ["/", "/compromisos/", commitment]:
    response = client.get(path)
    body = response.content.decode()
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    pages[path] = [response.status_code, body]
print(json.dumps(pages))
"""


def pg_tool(name):
    path = shutil.which(name) or f"/usr/bin/{name}"
    assert os.path.exists(path), f"{name} is missing (postgresql-client)"
    return path


def pg_env():
    url = urlsplit(DATABASE_URL)
    env = {**os.environ, "PGHOST": url.hostname or "127.0.0.1", "PGPORT": str(url.port or 5432)}
    env["PGUSER"] = url.username or "postgres"
    if url.password:
        env["PGPASSWORD"] = url.password
    return env


def scratch_url(name):
    url = urlsplit(DATABASE_URL)
    return url._replace(path=f"/{name}").geturl()


def manage(args, database, media_root):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.test",
        "DATABASE_URL": scratch_url(database),
        "TEST_MEDIA_ROOT": str(media_root),
    }
    env.pop("OGP_PRIVATE_MEDIA_ROOT", None)  # the default: a sibling of MEDIA_ROOT
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def render(database, media_root):
    return json.loads(manage(["shell", "-c", RENDER], database, media_root).splitlines()[-1])


def tree(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def scratch_databases():
    names = [f"ogp_backup_{uuid.uuid4().hex[:12]}_{role}" for role in ("source", "restored")]
    env = pg_env()
    subprocess.run([pg_tool("createdb"), names[0]], env=env, check=True, timeout=60)
    try:
        yield names
    finally:
        for name in names:
            subprocess.run(
                [pg_tool("dropdb"), "--if-exists", "--force", name],
                env=env,
                timeout=60,
                check=False,
            )


def test_a_backup_restores_into_a_fresh_database_that_serves_the_same_pages(
    scratch_databases, tmp_path
):
    source, restored = scratch_databases
    media = tmp_path / "source" / "media"
    private = tmp_path / "source" / "media-private"
    manage(["migrate", "--noinput", "-v0"], source, media)
    manage(["load_plan", "-v0"], source, media)
    # A public file and a report attachment (outside MEDIA_ROOT), as a real site has.
    (media / "images").mkdir(parents=True)
    (media / "images" / "mesa.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    (private / "denuncias" / "2026" / "03").mkdir(parents=True)
    (private / "denuncias" / "2026" / "03" / "prueba.pdf").write_bytes(
        b"%PDF-1.4 " + os.urandom(64)
    )

    backup = tmp_path / "backup"
    manage(["backup", str(backup)], source, media)
    assert sorted(p.name for p in backup.iterdir()) == [
        "db.dump",
        "manifest.json",
        "media.tar.gz",
        "private-media.tar.gz",
    ]
    # The dump is pg_dump's custom format ("PGDMP"), which pg_restore reads.
    assert (backup / "db.dump").read_bytes()[:5] == b"PGDMP"

    subprocess.run([pg_tool("createdb"), restored], env=pg_env(), check=True, timeout=60)
    restored_media = tmp_path / "restored" / "media"
    manage(["restore", str(backup)], restored, restored_media)

    original_pages = render(source, media)
    restored_pages = render(restored, restored_media)
    assert list(restored_pages) == list(original_pages)
    for path, (status, body) in original_pages.items():
        assert status == 200, path
        assert len(body) > 2000, path  # a real page, not an error
        assert restored_pages[path] == [status, body], path
    assert tree(restored_media) == tree(media)
    assert tree(tmp_path / "restored" / "media-private") == tree(private)


def test_restore_refuses_a_database_that_is_not_empty(scratch_databases, tmp_path):
    source, _ = scratch_databases
    media = tmp_path / "media"
    backup = tmp_path / "backup"
    manage(["backup", str(backup)], source, media)  # of the empty database
    subprocess.run(
        [pg_tool("psql"), "-d", source, "-c", "CREATE TABLE something_else (id int)"],
        env=pg_env(),
        check=True,
        capture_output=True,
        timeout=60,
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.test",
        "DATABASE_URL": scratch_url(source),
        "TEST_MEDIA_ROOT": str(tmp_path / "other"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no está vacía" in result.stderr
