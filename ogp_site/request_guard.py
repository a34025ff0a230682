"""Keep control characters (a NUL byte above all) out of what views read from the address.

No page, filter or API parameter of the site needs one, and they reach places that cannot take
them: PostgreSQL refuses a string with NUL (a 500 wherever a view passes the value to a query),
SQLite's full-text syntax breaks on it. One rule at the door serves every view, the
extension's and Wagtail's API included, instead of a check in each:

- in a query parameter (a search box, a filter), they are removed, so the citizen still gets
  the page, with the text they meant;
- in the path, which no form writes, the request is refused with a Spanish 400.

Tab, line feed and carriage return are left alone: a search box may send them.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text):
    return CONTROL.sub("", text)


def cleaned_query(request):
    """``request.GET`` without control characters, or ``None`` when it has none."""
    raw = request.META.get("QUERY_STRING", "")
    if not CONTROL_BYTES.search(unquote_to_bytes(raw.replace("+", " "))):
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        cleaned.setlist(strip_control(key), [strip_control(v) for v in values])
    cleaned._mutable = False
    return cleaned


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_BYTES.search(unquote_to_bytes(request.path_info)):
            return HttpResponseBadRequest(
                _("La dirección tiene caracteres no permitidos."),
                content_type="text/plain; charset=utf-8",
            )
        query = cleaned_query(request)
        if query is not None:
            request.GET = query
            request.META["QUERY_STRING"] = query.urlencode()
        return self.get_response(request)
