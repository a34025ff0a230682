"""An image upload that is a decompression bomb is a Spanish form error, not a 500."""

import struct
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


def png(width, height):
    """A 1-bit greyscale PNG of width x height pixels, all black: tiny on disk."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    rows_at_once = 1000
    block = row * rows_at_once
    data = b"".join(compressor.compress(block) for _ in range(height // rows_at_once))
    data += compressor.compress(row * (height % rows_at_once)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("imagenes", "i@example.org", "x")
    client.force_login(user)
    client.raise_request_exception = False  # a 500 is an answer to assert on, not a crash
    return client


def upload(client, content, name="bomba.png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Imagen de prueba",
            "file": SimpleUploadedFile(name, content, "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_20000_by_20000_png_is_a_spanish_form_error(admin_client):
    bomb = png(20_000, 20_000)
    assert len(bomb) < 100_000  # 400 million pixels in a few kilobytes
    response = upload(admin_client, bomb)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "Esta imagen tiene demasiados píxeles (400.000.000); el máximo es 60.000.000."
        " Redúzcala antes de subirla."
    ]
    assert "Esta imagen tiene demasiados píxeles" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_the_multiple_uploader_refuses_it_too(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bomba.png", png(20_000, 20_000), "image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "demasiados píxeles" in body["error_message"]
    assert get_image_model().objects.count() == 0


def test_over_the_site_limit_but_under_pillows_is_refused_in_spanish(admin_client):
    response = upload(admin_client, png(9_000, 7_000))  # 63 million pixels
    assert response.status_code == 200
    assert "demasiados píxeles (63.000.000)" in response.context["form"].errors["file"][0]


def test_a_normal_image_is_still_accepted(admin_client):
    response = upload(admin_client, png(1200, 800), name="normal.png")
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 1200
