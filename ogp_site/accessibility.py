"""The reader's display preference (the GOV.CO accessibility bar): contrast and text size.

The preference lives in one cookie, ``ogp_a11y`` (``<contrast>-<size>``, e.g. ``high-125``),
readable by the shipped script (``static/js/accessibility.js``, not HttpOnly), SameSite=Lax,
one year. Without JavaScript the bar is a GET form whose buttons reach :func:`set_preference`,
which sets the cookie and sends the reader back to the page (``next``, checked with
``url_has_allowed_host_and_scheme``). The template applies the preference as classes on
``<html>`` (:func:`preferences`, a context processor). Only whitelisted values are ever read
or written: anything else in the cookie counts as the default.

The anonymous page cache (``ogp_site.page_cache``) keeps one variant of a page per preference
(:func:`cache_variant`), so a stored page never shows one reader's choice to another.
"""

from dataclasses import dataclass

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

COOKIE_NAME = "ogp_a11y"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
CONTRASTS = ("normal", "high")
SIZES = (100, 112, 125, 150)
DEFAULT_CONTRAST = "normal"
DEFAULT_SIZE = 100
# The query values of the no-JS form (Spanish, as the reader may see them in the address bar).
CONTRAST_PARAM = "contraste"
SIZE_PARAM = "texto"
CONTRAST_VALUES = {"normal": "normal", "alto": "high"}


@dataclass(frozen=True)
class Preference:
    contrast: str = DEFAULT_CONTRAST
    size: int = DEFAULT_SIZE

    @property
    def is_default(self):
        return self.contrast == DEFAULT_CONTRAST and self.size == DEFAULT_SIZE

    @property
    def high_contrast(self):
        return self.contrast == "high"

    @property
    def cookie_value(self):
        return f"{self.contrast}-{self.size}"

    @property
    def html_class(self):
        """The classes on <html>: ``contrast-high`` and ``text-<size>``, none by default."""
        classes = []
        if self.high_contrast:
            classes.append("contrast-high")
        if self.size != DEFAULT_SIZE:
            classes.append(f"text-{self.size}")
        return " ".join(classes)

    @property
    def larger(self):
        index = SIZES.index(self.size)
        return SIZES[min(index + 1, len(SIZES) - 1)]

    @property
    def smaller(self):
        index = SIZES.index(self.size)
        return SIZES[max(index - 1, 0)]

    @property
    def at_largest(self):
        return self.size == SIZES[-1]

    @property
    def at_smallest(self):
        return self.size == SIZES[0]


def parse(value):
    """The preference a cookie value names; the default for anything not whitelisted."""
    contrast, _, size = (value or "").partition("-")
    if contrast not in CONTRASTS or size not in {str(s) for s in SIZES}:
        return Preference()
    return Preference(contrast, int(size))


def from_request(request):
    return parse(request.COOKIES.get(COOKIE_NAME))


def cache_variant(request):
    """The part of the page cache's key that names the preference: empty by default."""
    preference = from_request(request)
    return "" if preference.is_default else f":a11y={preference.cookie_value}"


def preferences(request):
    """Context processor: ``a11y``, the reader's (validated) preference."""
    return {"a11y": from_request(request)}


def _safe_next(request):
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_GET
def set_preference(request):
    """Set the contrast (``?contraste=alto|normal``) and/or the text size (``?texto=125``),
    then go back to ``next``. Unknown values leave that part of the preference unchanged."""
    current = from_request(request)
    contrast = CONTRAST_VALUES.get(request.GET.get(CONTRAST_PARAM, ""), current.contrast)
    size_param = request.GET.get(SIZE_PARAM, "")
    size = int(size_param) if size_param in {str(s) for s in SIZES} else current.size
    chosen = Preference(contrast, size)
    response = HttpResponseRedirect(_safe_next(request))
    response["X-Robots-Tag"] = "noindex, nofollow"
    if chosen.is_default:
        # The default is no cookie: such readers share the default page in every cache.
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    else:
        response.set_cookie(
            COOKIE_NAME,
            chosen.cookie_value,
            max_age=COOKIE_MAX_AGE,
            path="/",
            secure=request.is_secure(),
            httponly=False,  # the shipped script reads and writes it
            samesite="Lax",
        )
    return response
