"""Site-level views of the micrositio."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe


@lru_cache(maxsize=1)
def _favicon_bytes():
    path = finders.find("favicon.ico")
    if path is None:  # pragma: no cover - the file ships with ogp_site/static
        return None
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """``/favicon.ico``, which browsers ask for on their own, from this site's static files."""
    content = _favicon_bytes()
    if content is None:  # pragma: no cover
        raise Http404
    response = HttpResponse(content, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
