"""Refuse requests whose address carries control characters (a NUL byte above all).

No page, filter or API parameter of the site needs one, and they reach places that cannot take
them: PostgreSQL refuses a string with NUL (a 500 wherever a view passes the value to a query),
SQLite's full-text syntax breaks on it. Stopping them at the door is one rule for every view,
the extension's and Wagtail's API included, instead of a check in each.

Tab, line feed and carriage return are left alone: a search box may send them.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(request):
    query = request.META.get("QUERY_STRING", "").replace("+", " ")
    raw = unquote_to_bytes(request.path_info) + unquote_to_bytes(query)
    return bool(CONTROL.search(raw))


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            return HttpResponseBadRequest(
                _("La dirección tiene caracteres no permitidos."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
