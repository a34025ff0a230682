"""The admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): a decompression bomb is a form
error in Spanish, not a 500.

Wagtail 7.4 (up to 7.4.4, the latest 7.4 release) reads an upload's size through Pillow, whose
``Image.open`` raises ``DecompressionBombError`` past twice ``PIL.Image.MAX_IMAGE_PIXELS``
(about 179 million pixels) before Wagtail compares the size with
``WAGTAILIMAGES_MAX_IMAGE_PIXELS``. The exception escaped the form as a server error.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

TOO_MANY_PIXELS = _(
    "Esta imagen tiene demasiados píxeles (%(num_pixels)s); el máximo es "
    "%(max_pixels_count)s. Redúzcala antes de subirla."
)


def spanish_number(value):
    return f"{value:,}".replace(",", ".")


class SafeImageField(WagtailImageField):
    """Wagtail's image field, with Pillow's decompression-bomb refusal as a form error."""

    def too_many_pixels(self, num_pixels):
        return ValidationError(
            TOO_MANY_PIXELS,
            code="file_too_many_pixels",
            params={
                "num_pixels": spanish_number(num_pixels) if num_pixels else "?",
                "max_pixels_count": spanish_number(self.max_image_pixels),
            },
        )

    def to_python(self, data):
        try:
            return super().to_python(data)
        except PILImage.DecompressionBombError as error:
            found = re.search(r"\((\d+) pixels\)", str(error))
            raise self.too_many_pixels(int(found.group(1)) if found else None) from error

    def check_image_pixel_size(self, f):
        # Wagtail's check, with a Spanish message (Wagtail's has no Spanish translation).
        if self.max_image_pixels is None:
            return
        width, height = f.image.get_size()
        num_pixels = width * height * f.image.get_frame_count()
        if num_pixels > self.max_image_pixels:
            raise self.too_many_pixels(num_pixels)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # The form's own (deep-copied) field instance; the subclass adds no state.
            field.__class__ = SafeImageField
