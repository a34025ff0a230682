"""Media under production settings: an uploaded image shows on a public page.

The deployment documented in docs/deploy.md: gunicorn runs the site with
``ogp_site.settings.production``; the web server in front serves ``/media/`` from MEDIA_ROOT
(nginx ``location /media/ { alias <MEDIA_ROOT>/; }``) and passes everything else to gunicorn.
Here a loopback server plays nginx's part with the same rules (an alias for /media/, a proxy
for the rest), so the test needs no root and no package beyond the project's own.

This builds a real production site in a temporary folder (migrate, the seed, one image on the
home page, collectstatic), which takes about half a minute; the tests share it.
"""

import http.client
import http.server
import io
import os
import posixpath
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings

SECRET = "k3Y-" + "x7Qz9wRt2LpVb8Nc4Hd6Jf1Ms5Ga0Ek3Uy7Io2Pa9Sd4Fg6Hj8" * 2

ADD_IMAGE = """
import io
from PIL import Image as PILImage
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from home.models import HomePage

buffer = io.BytesIO()
PILImage.new("RGB", (1600, 900), (200, 30, 60)).save(buffer, "PNG")
image = get_image_model().objects.create(
    title="Foto de la mesa de trabajo", file=ImageFile(buffer, name="mesa.png")
)
home = HomePage.objects.get()
home.body.append(("image", {"image": image, "alt_text": "Mesa de trabajo", "caption": ""}))
home.save_revision().publish()
print(image.file.name)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class FrontServer(http.server.ThreadingHTTPServer):
    """nginx's rules of docs/deploy.md: /media/ → alias MEDIA_ROOT, /media/documents/ → 404,
    everything else → proxy_pass to gunicorn."""

    daemon_threads = True

    def __init__(self, media_root, upstream_port):
        self.media_root = Path(media_root).resolve()
        self.upstream_port = upstream_port
        super().__init__(("127.0.0.1", 0), FrontHandler)


class FrontHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/media/"):
            return self.serve_media(urllib.parse.unquote(path[len("/media/") :]))
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=30)
        upstream.request(
            "GET",
            self.path,
            headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
        )
        response = upstream.getresponse()
        body = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in {"transfer-encoding", "connection", "content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def serve_media(self, relative):
        # nginx normalises the URI before the alias: no way out of MEDIA_ROOT.
        normalised = posixpath.normpath("/" + relative).lstrip("/")
        if normalised.startswith("documents/"):  # location /media/documents/ { return 404; }
            self.send_error(404)
            return
        target = (self.server.media_root / normalised).resolve()
        if not target.is_relative_to(self.server.media_root) or not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        self.send_response(200)
        types = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
        self.send_header(
            "Content-Type", types.get(target.suffix.lower(), "application/octet-stream")
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("production-site")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "OGP_PUBLIC_URL": "https://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "SECURE_SSL_REDIRECT": "false",
    }
    env.pop("MEDIA_STORAGE", None)
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_plan"], env)
    original = run(["shell", "-c", ADD_IMAGE], env).strip().splitlines()[-1]
    run(["collectstatic", "--noinput", "-v0"], env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ogp_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    front = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        front = FrontServer(root / "media", port)
        threading.Thread(target=front.serve_forever, daemon=True).start()
        yield {
            "gunicorn": port,
            "front": front.server_address[1],
            "media_root": root / "media",
            "original": original,
        }
    finally:
        if front:
            front.shutdown()
        server.terminate()
        server.wait(timeout=30)


def image_sources(html):
    tags = re.findall(r'<img [^>]*alt="Mesa de trabajo"[^>]*>', html)
    return [re.search(r' src="([^"]+)"', tag).group(1) for tag in tags]


def test_the_uploaded_image_shows_on_the_home_page_through_the_web_server(production_site):
    from PIL import Image as PILImage

    status, _, body = get(production_site["front"], "/")
    assert status == 200
    sources = image_sources(body.decode())
    assert len(sources) == 1, body.decode()[:2000]
    src = sources[0]
    # Same origin (the CSP's img-src 'self'), under MEDIA_URL: a rendition, not the original.
    assert src.startswith("/media/images/"), src
    status, headers, data = get(production_site["front"], src)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    picture = PILImage.open(io.BytesIO(data))
    # The <picture>'s fallback <img>: width-400 of a 1600×900 upload (cms_blocks.image_formats).
    assert picture.size == (400, 225)
    # The original upload is served the same way.
    status, _, data = get(production_site["front"], "/media/" + production_site["original"])
    assert status == 200
    assert PILImage.open(io.BytesIO(data)).size == (1600, 900)


def test_django_does_not_serve_media_itself_in_production(production_site):
    """Only the web server serves /media/: gunicorn's 404 is the documented contract."""
    status, _, body = get(production_site["front"], "/")
    src = image_sources(body.decode())[0]
    status, _, _ = get(production_site["gunicorn"], src)
    assert status == 404


def test_private_report_attachments_are_not_under_the_public_media(production_site, tmp_path):
    """The default private folder is a sibling of MEDIA_ROOT: /media/ cannot reach it."""
    media_root = production_site["media_root"]
    private = Path(f"{media_root}-private")
    private.mkdir(exist_ok=True)
    (private / "denuncia.txt").write_text("secreto")
    for path in (
        "/media/../media-private/denuncia.txt",
        "/media/%2e%2e/media-private/denuncia.txt",
    ):
        status, _, body = get(production_site["front"], path)
        assert status == 404, path
        assert b"secreto" not in body


def production_settings(extra, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "gobiernoabierto.example.org",
        "OGP_PUBLIC_URL": "https://gobiernoabierto.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"OGP_PRIVATE_MEDIA_ROOT": "{media}/privado"}, "OGP_PRIVATE_MEDIA_ROOT está dentro"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE debe ser"),
        ({"MEDIA_STORAGE": "s3"}, "defina AWS_STORAGE_BUCKET_NAME"),
        (
            {
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "medios",
                "AWS_S3_ENDPOINT_URL": "https://s3.example.org:9000",
            },
            "agregue https://s3.example.org:9000 a OGP_CSP_MEDIA_ORIGINS",
        ),
    ],
)
def test_production_refuses_a_media_setup_that_would_leak_or_break(extra, message, tmp_path):
    extra = {k: v.replace("{media}", str(tmp_path / "media")) for k, v in extra.items()}
    result = production_settings(extra, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_production_defaults_to_the_filesystem_outside_the_private_folder(tmp_path):
    result = production_settings({}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_documents_are_not_served_from_the_media_folder(production_site):
    """Documents go through Wagtail's serve view (privacy, counts), never the /media/ alias."""
    documents = production_site["media_root"] / "documents"
    documents.mkdir(exist_ok=True)
    (documents / "informe.pdf").write_bytes(b"%PDF-1.4 borrador")
    status, _, body = get(production_site["front"], "/media/documents/informe.pdf")
    assert status == 404
    assert b"borrador" not in body
