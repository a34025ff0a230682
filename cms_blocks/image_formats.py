"""Responsive images: one ``<picture>`` for the image block and for rich-text image embeds.

Every image is served at up to three widths (400, 800 and 1200 pixels, never wider than the
original: Wagtail does not upscale, and a repeated width would be a duplicate ``srcset``
candidate) in AVIF when this Pillow can write it (``PIL.features.check("avif")``, asked once
per process), in WebP, and in the original's family as the fallback ``<img>`` (PNG for PNG and
GIF originals, which may be transparent; JPEG for the rest). The ``<img>`` carries ``width``
and ``height`` (of its rendition, the same aspect ratio as every candidate), so the browser
reserves the space before the file arrives and nothing shifts, and a ``sizes`` that says how
wide the image is shown.

Wagtail discovers this module (``image_formats`` of every installed app) and registers the
rich-text formats below in place of its own three: same names (``fullwidth``, ``left``,
``right``), so content written with Wagtail's defaults keeps rendering.
"""

import functools

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.images.formats import (
    FORMATS_BY_NAME,
    Format,
    register_image_format,
    unregister_image_format,
)
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

WIDTHS = (400, 800, 1200)
# The main column is at most 72rem (the site's container) minus its padding.
FULL_WIDTH_SIZES = "(min-width: 74rem) 70rem, calc(100vw - 2rem)"
HALF_WIDTH_SIZES = "(min-width: 48rem) 24rem, calc(100vw - 2rem)"
# The extension's stylesheet (blocks.css, which every adopting site links) makes this class
# fluid and keeps the width/height aspect ratio; no style attribute (the public CSP has no
# style-src-attr).
FLUID_CLASS = "responsive-image"


@functools.cache
def avif_supported():
    """Whether this Pillow writes AVIF (Pillow 11.2+ built with libavif)."""
    from PIL import features

    try:
        return bool(features.check("avif"))
    except ValueError:  # a Pillow that does not know the feature at all
        return False


def source_formats():
    """The modern formats offered as ``<source>`` elements, best first."""
    return ("avif", "webp") if avif_supported() else ("webp",)


def fallback_format(image):
    name = (getattr(image.file, "name", "") or "").lower()
    return "png" if name.endswith((".png", ".gif")) else "jpeg"


def widths_for(image, widths=WIDTHS):
    """The widths to render: those below the original's, then the original's (capped)."""
    original = image.width or max(widths)
    chosen = [w for w in widths if w < original]
    largest = min(original, max(widths))
    if largest not in chosen:
        chosen.append(largest)
    return chosen


def filter_specs(image, widths=WIDTHS):
    formats = (*source_formats(), fallback_format(image))
    return [f"width-{w}|format-{fmt}" for fmt in formats for w in widths_for(image, widths)]


def responsive_picture(image, alt, sizes=FULL_WIDTH_SIZES, extra_attrs=None, widths=WIDTHS):
    """The image's ``<picture>`` (a ``wagtail.images.models.Picture``, safe to print).

    ``alt`` is the text alternative; ``extra_attrs`` go on the ``<img>`` (class, loading...).
    The renditions are read (and made when missing) in one query for all of them.
    """
    renditions = get_renditions_or_not_found(image, filter_specs(image, widths))
    attrs = {
        "alt": alt,
        "sizes": sizes,
        "loading": "lazy",
        "decoding": "async",
        **(extra_attrs or {}),
    }
    attrs["class"] = " ".join(filter(None, [FLUID_CLASS, attrs.get("class")]))
    return Picture(renditions, attrs)


class ResponsiveFormat(Format):
    """A rich-text image format that renders a responsive ``<picture>`` with width/height."""

    def __init__(self, name, label, classname, sizes, widths=WIDTHS):
        super().__init__(name, label, classname, f"width-{max(widths)}")
        self.sizes = sizes
        self.widths = widths

    def image_to_html(self, image, alt_text, extra_attributes=None):
        if extra_attributes:
            # The editor's view (data-embedtype, data-id...): Wagtail's single <img>.
            return super().image_to_html(image, alt_text, extra_attributes)
        attrs = {"class": escape(self.classname)} if self.classname else {}
        return str(responsive_picture(image, alt_text, self.sizes, attrs, self.widths))


FORMATS = [
    ResponsiveFormat(
        "fullwidth", _("Ancho completo"), "richtext-image full-width", FULL_WIDTH_SIZES
    ),
    ResponsiveFormat(
        "left", _("Alineada a la izquierda"), "richtext-image left", HALF_WIDTH_SIZES, (400, 800)
    ),
    ResponsiveFormat(
        "right", _("Alineada a la derecha"), "richtext-image right", HALF_WIDTH_SIZES, (400, 800)
    ),
]

for _format in FORMATS:
    if _format.name in FORMATS_BY_NAME:
        unregister_image_format(_format.name)
    register_image_format(_format)
