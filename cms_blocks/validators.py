"""Validators for the links that editors type."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class LinkValidator:
    """An absolute ``http``/``https`` (or ``mailto``/``tel``) URL, or a path on this site.

    For text fields that hold a link and may hold a path (``/politica-de-datos/``), which
    Django's ``URLField`` refuses. Anything else (``javascript:``, ``data:``, a scheme-relative
    ``//host``, a bare word) is refused with a Spanish message.
    """

    message = _("Escriba una dirección que empiece por https://, http:// o por «/».")
    schemes = ("http", "https")

    def __call__(self, value):
        value = (value or "").strip()
        if not value:
            return
        if value.startswith("/") and not value.startswith("//") and "\\" not in value:
            return
        scheme = urlsplit(value).scheme.lower()
        if scheme in ("mailto", "tel") and len(value) > len(scheme) + 1:
            return
        try:
            URLValidator(schemes=self.schemes)(value)
        except ValidationError as error:
            raise ValidationError(self.message, code="invalid_link") from error

    def __eq__(self, other):
        return isinstance(other, LinkValidator)


validate_link = LinkValidator()
