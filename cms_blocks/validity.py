"""How long what a render shows stays true as time passes, for a page cache in front.

Some of what the extension shows changes with the clock alone, with no write to the database:
a milestone becomes late at midnight, a plan becomes the current one on the day its period
starts, a consultation opens and closes at its times. Code that decides such a thing asks the
time through this module (``today()``, ``noting(moment)``), which notes the next moment its
answer changes. A page cache (the site's ``ogp_site.page_cache``) renders inside
``collect()`` and keeps the page no longer than ``seconds_left()``.

Outside ``collect()`` every call is a plain clock reading: nothing is noted.
"""

import contextlib
import contextvars
import datetime as dt

from django.utils import timezone

_bound = contextvars.ContextVar("cms_blocks_validity_bound", default=None)


def noting(moment):
    """Note that what is being rendered changes at ``moment`` (an aware datetime), if it is
    still to come."""
    holder = _bound.get()
    if holder is None or moment is None:
        return
    if moment > timezone.now() and (holder[0] is None or moment < holder[0]):
        holder[0] = moment


def today():
    """``timezone.localdate()``, noting that the answer changes at the next local midnight."""
    now = timezone.localtime()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), now.tzinfo)
    noting(
        timezone.make_aware(midnight.replace(tzinfo=None)) if timezone.is_naive(now) else midnight
    )
    return now.date()


@contextlib.contextmanager
def collect():
    """Collect the bounds noted while the block runs; yields a holder for ``seconds_left``."""
    holder = [None]
    token = _bound.set(holder)
    try:
        yield holder
    finally:
        _bound.reset(token)


def seconds_left(holder):
    """Whole seconds until the earliest noted moment (None: nothing was noted)."""
    if holder[0] is None:
        return None
    return max(0, int((holder[0] - timezone.now()).total_seconds()))
