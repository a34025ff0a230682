"""Checks on the files attached to a report: type by content, size, decompression bombs.

- The type is read from the content (PDF magic number, Pillow for images), never trusted
  from the name or the browser's Content-Type; the extension must agree with the content.
- SVG, HTML and anything else are refused: only JPEG, PNG, WebP and PDF are accepted.
- Images larger than ``OGP_REPORT_MAX_IMAGE_PIXELS`` (or that trip Pillow's own
  DecompressionBombError / DecompressionBombWarning) are refused before they are decoded.
- Accepted images are re-encoded without metadata (EXIF, GPS position, XMP, ICC profile,
  comments and text chunks), so an anonymous reporter's phone does not give away where a
  photo was taken.
- Oversized uploads are cut off while they stream in (``LimitedUploadHandler``), so a huge
  body is never written to disk.
"""

import io
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_TOTAL_BYTES = 15 * 1024 * 1024
DEFAULT_MAX_FILES = 5
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000

IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
ALLOWED_EXTENSIONS = {*IMAGE_EXTENSIONS, "pdf"}
MARKUP_EXTENSIONS = {"svg", "svgz", "html", "htm", "xhtml", "xml", "shtml", "mht", "mhtml"}
MARKUP_SIGNATURES = (b"<svg", b"<html", b"<!doctype", b"<?xml", b"<script", b"<body", b"<head")


def max_file_bytes():
    return int(getattr(settings, "OGP_REPORT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))


def max_total_bytes():
    return int(getattr(settings, "OGP_REPORT_ATTACHMENTS_MAX_TOTAL_BYTES", DEFAULT_MAX_TOTAL_BYTES))


def max_files():
    return int(getattr(settings, "OGP_REPORT_MAX_ATTACHMENTS", DEFAULT_MAX_FILES))


def max_image_pixels():
    return int(getattr(settings, "OGP_REPORT_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def human_size(size):
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class AttachmentError(Exception):
    pass


@dataclass
class CheckedAttachment:
    kind: str  # ReportAttachment.Kind value
    content: bytes
    extension: str


@dataclass
class UploadLimits:
    """What LimitedUploadHandler cut off, for the form to explain."""

    skipped: list = field(default_factory=list)  # names of files over the per-file limit
    total_exceeded: bool = False


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading a file past the per-file limit, and the upload past the total limit."""

    def __init__(self, request=None, limits=None):
        super().__init__(request)
        self.limits = limits if limits is not None else UploadLimits()
        self.total = 0
        self.current = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.current = 0

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.total > max_total_bytes():
            self.limits.total_exceeded = True
            raise StopUpload(connection_reset=False)
        if self.current > max_file_bytes():
            self.limits.skipped.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def _extension(name):
    name = (name or "").strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def check_attachment(upload):
    """Return a CheckedAttachment, or raise AttachmentError with a Spanish message."""
    name = upload.name or ""
    extension = _extension(name)
    if extension in MARKUP_EXTENSIONS:
        raise AttachmentError(
            _(
                "«%(name)s»: no se aceptan archivos SVG ni HTML. Adjunte imágenes JPG, PNG o "
                "WebP, o documentos PDF."
            )
            % {"name": name}
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise AttachmentError(
            _(
                "«%(name)s»: tipo de archivo no permitido. Adjunte imágenes JPG, PNG o WebP, "
                "o documentos PDF."
            )
            % {"name": name}
        )
    if upload.size is not None and upload.size > max_file_bytes():
        raise AttachmentError(
            _("«%(name)s» pesa %(size)s; el máximo por archivo es %(max)s.")
            % {"name": name, "size": human_size(upload.size), "max": human_size(max_file_bytes())}
        )
    if not upload.size:
        raise AttachmentError(_("«%(name)s» está vacío.") % {"name": name})
    upload.seek(0)
    content = upload.read(max_file_bytes() + 1)
    if len(content) > max_file_bytes():
        raise AttachmentError(
            _("«%(name)s» supera el máximo de %(max)s por archivo.")
            % {"name": name, "max": human_size(max_file_bytes())}
        )
    if extension == "pdf":
        return _check_pdf(name, content)
    return _check_image(name, extension, content)


def _looks_like_markup(content):
    head = content[:1024].lower()
    return head.lstrip().startswith(b"<") or any(sig in head for sig in MARKUP_SIGNATURES)


def _markup_error(name):
    return AttachmentError(
        _("«%(name)s» contiene HTML o SVG, que no se aceptan, aunque su nombre diga otra cosa.")
        % {"name": name}
    )


def _check_pdf(name, content):
    if not content.startswith(b"%PDF-"):
        if _looks_like_markup(content):
            raise _markup_error(name)
        raise AttachmentError(
            _("«%(name)s» no es un PDF: su contenido no corresponde a la extensión .pdf.")
            % {"name": name}
        )
    if b"%%EOF" not in content[-2048:]:
        raise AttachmentError(_("«%(name)s» parece un PDF incompleto o dañado.") % {"name": name})
    return CheckedAttachment(kind="pdf", content=content, extension="pdf")


def _bomb_error(name):
    return AttachmentError(
        _(
            "«%(name)s» es una imagen de dimensiones desmesuradas (más de %(mp)s megapíxeles), "
            "que no se acepta. Redúzcala o tome una captura de pantalla."
        )
        % {"name": name, "mp": max_image_pixels() // 1_000_000}
    )


def _check_image(name, extension, content):
    expected_format = IMAGE_EXTENSIONS[extension]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content)) as probe:
                actual_format = probe.format
                width, height = probe.size
                if width * height > max_image_pixels():
                    raise _bomb_error(name)
                probe.verify()
            if actual_format != expected_format:
                raise AttachmentError(
                    _(
                        "«%(name)s»: la extensión .%(ext)s no corresponde al contenido del archivo "
                        "(es %(actual)s). Adjunte el archivo con su extensión real."
                    )
                    % {"name": name, "ext": extension, "actual": actual_format or "?"}
                )
            with Image.open(io.BytesIO(content)) as image:
                image.load()
                cleaned = _strip_metadata(image, actual_format)
        except AttachmentError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _bomb_error(name) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            if _looks_like_markup(content):
                raise _markup_error(name) from None
            raise AttachmentError(
                _(
                    "«%(name)s» no es una imagen válida: su contenido no corresponde a la "
                    "extensión .%(ext)s o el archivo está dañado."
                )
                % {"name": name, "ext": extension}
            ) from None
    kind = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}[actual_format]
    return CheckedAttachment(
        kind=kind, content=cleaned, extension="jpg" if kind == "jpeg" else kind
    )


# What a re-encoded image may carry over from the original: only what the pixels need to be
# drawn right. Everything else in ``Image.info`` is metadata that Pillow's writers would copy
# into the new file on their own: the JPEG comment (COM segment), the ICC profile of a PNG...
PIXEL_INFO_KEYS = {"transparency"}


def _strip_metadata(image, image_format):
    """Re-encode the pixels only (upright), dropping EXIF, GPS, XMP, ICC, comments and text.

    Pillow's JPEG writer copies ``image.info["comment"]`` and its PNG writer
    ``image.info["icc_profile"]`` when they are not told otherwise, so the image written is a
    copy whose ``info`` keeps nothing but ``PIXEL_INFO_KEYS``.
    """
    image = ImageOps.exif_transpose(image).copy()
    image.info = {key: value for key, value in image.info.items() if key in PIXEL_INFO_KEYS}
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    elif image_format == "PNG" and image.mode not in (
        "1",
        "L",
        "LA",
        "P",
        "RGB",
        "RGBA",
        "I",
        "I;16",
    ):
        image = image.convert("RGBA")
    output = io.BytesIO()
    options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {"optimize": False}
    image.save(output, format=image_format, **options)
    return output.getvalue()
