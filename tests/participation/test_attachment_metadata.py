"""Report photos are re-encoded with their pixels only: no comment, EXIF, XMP, ICC or text."""

import io
import struct

import pytest
from PIL import Image, PngImagePlugin

from participation.attachments import check_attachment

from .files import upload

SECRETS = (b"ComentarioDelTelefono", b"FotografaAnonima", b"PerfilDeCamaraX", b"AutorXMPSecreto")
METADATA_KEYS = {"comment", "exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "Author"}

EXIF = Image.Exif()
EXIF[0x013B] = SECRETS[1].decode()  # Artist
FAKE_ICC = b"\x00\x00\x02\x00" + SECRETS[2] + b"\x00" * 100
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description>' + SECRETS[3] + b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def photo(image_format):
    """A photo carrying every kind of metadata its format can hold."""
    image = Image.new("RGB", (32, 24), (10, 120, 200))
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(
            buffer,
            format="JPEG",
            comment=SECRETS[0],
            exif=EXIF,
            icc_profile=FAKE_ICC,
            xmp=XMP,
        )
    elif image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRETS[0].decode())
        text.add_text("Author", SECRETS[1].decode())
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(buffer, format="PNG", pnginfo=text, exif=EXIF, icc_profile=FAKE_ICC)
    else:
        image.save(buffer, format="WEBP", exif=EXIF, icc_profile=FAKE_ICC, xmp=XMP)
    return buffer.getvalue()


def jpeg_segments(data):
    """The marker bytes of a JPEG's segments before the image data (SOS)."""
    assert data[:2] == b"\xff\xd8"
    position, markers = 2, []
    while position < len(data):
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the compressed pixels follow
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def test_the_test_photos_do_carry_the_metadata():
    """Otherwise the test below could not fail."""
    jpeg = photo("JPEG")
    assert 0xFE in jpeg_segments(jpeg)  # COM
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.info["comment"] == SECRETS[0]
        assert {"exif", "icc_profile", "xmp"} <= set(image.info)
    with Image.open(io.BytesIO(photo("PNG"))) as image:
        assert {"icc_profile", "Comment", "Author"} <= set(image.info)
    with Image.open(io.BytesIO(photo("WEBP"))) as image:
        assert {"icc_profile", "exif", "xmp"} <= set(image.info)


@pytest.mark.parametrize(
    "image_format, name", [("JPEG", "f.jpg"), ("PNG", "f.png"), ("WEBP", "f.webp")]
)
def test_re_encoded_photo_keeps_no_metadata(image_format, name):
    checked = check_attachment(upload(name, photo(image_format)))
    data = checked.content
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == image_format and image.size == (32, 24)
        assert not set(image.info) & (METADATA_KEYS | {"Comment"}), image.info
        assert not image.getexif()
    if image_format == "JPEG":
        segments = jpeg_segments(data)
        assert 0xFE not in segments  # no COM
        assert not {0xE1, 0xE2} & set(segments)  # no APP1 (EXIF, XMP) nor APP2 (ICC)
