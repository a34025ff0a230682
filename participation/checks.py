"""The rate limits need one counter for all of the server's processes.

With a per-process cache (local memory) every worker keeps its own counters, so with two
workers a limit of 5 lets 10 through. A server that runs more than one worker must keep the
rate-limit cache in Redis (``CACHE_URL``), the database or files shared by the workers.

``rate_limit_cache_errors()`` is both a system check (``manage.py check``, ``migrate``,
``runserver``: an Error when DEBUG is off) and, through ``refuse_to_serve()`` from
``ParticipationConfig.ready()``, a refusal to start: a gunicorn worker whose cache is
per-process while the server runs more than one worker fails to boot, and gunicorn stops.
"""

import inspect
import os
import shlex
import sys

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

# Backends whose data live in one process (or nowhere): a rate limit there is per worker.
PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def rate_limit_cache_alias():
    return "default"  # participation.ratelimit counts in django.core.cache.cache


def _parse_workers(args):
    """The last ``-w N`` / ``--workers N`` / ``--workers=N`` / ``-wN`` in a gunicorn command."""
    workers = None
    for index, arg in enumerate(args):
        value = None
        if arg in ("-w", "--workers") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-w") and arg[2:].isdigit():
            value = arg[2:]
        if value is not None and value.strip().isdigit():
            workers = int(value)
    return workers


def _running_gunicorn_config():
    """gunicorn's own configuration, when this process is a gunicorn worker loading the app.

    The worker (or, with ``--preload``, the arbiter) that imports the WSGI application is on
    the call stack; its ``cfg.workers`` is what gunicorn decided from its command line,
    GUNICORN_CMD_ARGS, its configuration file and WEB_CONCURRENCY.
    """
    if "gunicorn" not in sys.modules:
        return None
    try:
        from gunicorn.config import Config
    except ImportError:  # pragma: no cover
        return None
    frame = inspect.currentframe()
    try:
        while frame is not None:
            owner = frame.f_locals.get("self")
            cfg = getattr(owner, "cfg", None)
            if isinstance(cfg, Config):
                return cfg
            frame = frame.f_back
    finally:
        del frame
    return None


def _gunicorn_command(argv):
    """Whether ``argv`` is a gunicorn command line (``gunicorn …`` or ``python -m gunicorn …``)."""
    if not argv:
        return False
    return os.path.basename(argv[0]).startswith("gunicorn") or argv[0].endswith(
        os.path.join("gunicorn", "__main__.py")
    )


def serving():
    """Whether this process is a gunicorn server loading the site (not a manage.py command)."""
    return _running_gunicorn_config() is not None or _gunicorn_command(sys.argv)


def server_workers(argv=None, environ=None):
    """How many worker processes serve the site, or None when nothing says so."""
    if argv is None and environ is None:
        cfg = _running_gunicorn_config()
        if cfg is not None:
            return int(cfg.workers)
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    under_gunicorn = _gunicorn_command(argv)
    if under_gunicorn:
        try:
            from_env = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
        except ValueError:
            from_env = []
        workers = _parse_workers(list(argv[1:])) or _parse_workers(from_env)
        if workers is not None:
            return workers
    concurrency = environ.get("WEB_CONCURRENCY", "").strip()
    if concurrency.isdigit():
        return int(concurrency)
    return 1 if under_gunicorn else None


def rate_limit_cache_errors(workers=None):
    """[checks.Error or Warning] when the rate-limit cache is per-process and workers > 1."""
    workers = server_workers() if workers is None else workers
    alias = rate_limit_cache_alias()
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS or not workers or workers <= 1:
        return []
    level = checks.Warning if settings.DEBUG else checks.Error
    return [
        level(
            _(
                "Los límites de frecuencia usan la caché «%(alias)s» (%(backend)s), que es de "
                "cada proceso, y el servidor corre %(workers)s procesos: cada uno contaría por "
                "su lado."
            )
            % {"alias": alias, "backend": backend.rsplit(".", 1)[-1], "workers": workers},
            hint=_(
                "Defina CACHE_URL=redis://… (Redis compartido por los procesos), o use la caché "
                "de base de datos, o corra un solo proceso."
            ),
            id="participation.E001",
        )
    ]


@checks.register(checks.Tags.caches)
def check_rate_limit_cache(app_configs=None, **kwargs):
    return rate_limit_cache_errors()


def refuse_to_serve():
    """Raise ImproperlyConfigured when this process serves with a per-process rate-limit cache
    while several workers run (production: DEBUG off). Called from AppConfig.ready()."""
    if settings.DEBUG or not serving():
        return
    errors = [e for e in rate_limit_cache_errors() if e.is_serious()]
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint} ({errors[0].id})")
