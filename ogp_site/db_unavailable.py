"""A clear Spanish answer when the database does not answer (PostgreSQL restarting, down).

Without this, a request that needs the database while it is down gets the generic error page
(HTTP 500), and a citizen who sent a denuncia or a vote cannot tell whether it was kept. Here a
``django.db.OperationalError`` or ``InterfaceError`` (the driver could not connect, or lost the
connection) is answered with HTTP 503, ``Retry-After`` and a page that says plainly that what
was sent was **not** saved and to try again in a few minutes, naming the denuncia or the vote
when the request was one (the ``participation`` app's URL names). A database error is refused
before the write commits, so nothing half-saved is left either: the write's transaction is
rolled back with the failure.

Two ways in, the same answer:
- ``DatabaseUnavailableMiddleware.process_exception``: errors raised by a view (the forms save
  in their views);
- ``server_error``, the site's ``handler500``: errors raised outside a view (a middleware that
  reads the database, e.g. the Site lookup when the cache is cold); any other error gets the
  usual 500 page.

The page (``db_unavailable.html``) is rendered with no request context: no context processor,
no Site, no settings read from the database, no session; only static URLs and gettext.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 120
TEMPLATE = "db_unavailable.html"


def _url_name(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _what_was_refused(request):
    """(heading, what was not saved) for the request, in Spanish."""
    name = _url_name(request)
    if request.method == "POST" and name == "participation:report_create":
        return (
            _("Su denuncia no fue registrada"),
            _(
                "En este momento no pudimos guardar su denuncia: la base de datos del sitio "
                "no responde. La denuncia NO quedó registrada y no recibirá un código de "
                "seguimiento por ella."
            ),
        )
    if request.method == "POST" and name == "participation:ballot":
        return (
            _("Su voto no fue registrado"),
            _(
                "En este momento no pudimos guardar su voto: la base de datos del sitio no "
                "responde. El voto NO quedó registrado; su enlace para votar sigue sirviendo "
                "mientras no venza."
            ),
        )
    if request.method == "POST" and name == "participation:vote_request":
        return (
            _("No pudimos enviarle el enlace para votar"),
            _(
                "En este momento la base de datos del sitio no responde, así que su solicitud "
                "NO fue registrada y no le enviamos ningún correo."
            ),
        )
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return (
            _("Lo que envió no fue guardado"),
            _(
                "En este momento la base de datos del sitio no responde, así que lo que envió "
                "NO quedó guardado."
            ),
        )
    return (
        _("El sitio no está disponible en este momento"),
        _("La base de datos del sitio no responde, así que no pudimos mostrar esta página."),
    )


def unavailable_response(request):
    heading, message = _what_was_refused(request)
    html = loader.get_template(TEMPLATE).render(
        {
            "heading": heading,
            "message": message,
            "submitted": request.method not in ("GET", "HEAD", "OPTIONS"),
        }
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, private=True, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "database unavailable: %s %s refused with 503",
            request.method,
            request.path,
            exc_info=exception,
        )
        return unavailable_response(request)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: the 503 page for a database error raised outside a view, the usual
    500 page for anything else."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable_response(request)
    return defaults.server_error(request, template_name)
