"""The ballot box: a ballot is stored sealed, then counted in a shuffled batch of many.

Why. Rows written one after the other can be paired by their storage order: SQLite's rowids,
PostgreSQL's ctid (heap position) and xmin (the writing transaction's id, which grows with time).
A voter's ``VoterRecord`` must be written when they vote (it refuses a second vote), so anything
that shows their choice and is written at that moment, in the same transaction or the next one,
pairs with it: a ballot row, a counter row updated with ``F()`` (the new row version carries the
vote's xmin, and the dead versions keep the history), a plain "pending" row.

The design, which a reviewer can check in this module alone:

1. **Cast.** One transaction writes the ``VoterRecord`` and a ``PendingBallot`` whose only
   content is an AES-256-GCM ciphertext (random 96-bit nonce, the consultation id as associated
   data) of the chosen option ids, padded to a fixed length. The key is derived from
   ``OGP_VOTER_HASH_KEY`` (or ``SECRET_KEY``), which is not in the database. Pairing the two rows
   by rowid/ctid/xmin gives a voter digest and a ciphertext that says nothing, not even how many
   options were chosen.
2. **Count.** While the consultation is open, once ``2k`` ballots are pending
   (k = ``OGP_BALLOT_MIX_SIZE``, 10 by default), all but ``k`` of them, chosen at random, are
   opened in one transaction, shuffled, and written as ``Ballot``/``BallotChoice`` rows in the
   shuffled order (one multi-row INSERT each, so the whole batch shares one xmin and its rowids or
   heap positions follow the shuffle, not the order of arrival); their pending rows are deleted in
   that transaction. Once the consultation has closed, every pending ballot is counted. So every
   batch holds at least ``k`` ballots, unless the whole consultation received fewer than ``k``.

What someone who reads the database (its files, a dump, ctid/xmin) can learn: who voted (the
digests), and which batch of at least ``k`` ballots a voter's ballot is in, never which one. The
results shown while a consultation is open are the counted ballots, exactly; the page says how
many more are waiting to be counted.

Limits (docs/decisions.md): whoever holds the key *and* a copy of the database taken while
ballots were pending (a backup, PostgreSQL's WAL or not yet vacuumed row versions, SQLite's free
pages) can open those pending ballots; so can the running application, by design. Rotating the
key while ballots are pending needs the old one in ``SECRET_KEY_FALLBACKS``.
"""

import hashlib
import hmac
import json
import logging
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from .models import Ballot, BallotChoice, PendingBallot

logger = logging.getLogger(__name__)

DEFAULT_MIX_SIZE = 10
NONCE_BYTES = 12
PADDED_BLOCK = 512  # the sealed plaintext is a multiple of this many bytes
KEY_LABEL = b"participation.pending-ballot.v1"

_random = secrets.SystemRandom()


class BallotUnreadable(Exception):
    """A sealed ballot that no configured key opens (or that was tampered with)."""


class _Raced(Exception):
    """Another process counted some of the same pending ballots first."""


def mix_size():
    """k: the fewest ballots counted together (OGP_BALLOT_MIX_SIZE, at least 1)."""
    return max(int(getattr(settings, "OGP_BALLOT_MIX_SIZE", DEFAULT_MIX_SIZE)), 1)


def _key_materials():
    primary = getattr(settings, "OGP_VOTER_HASH_KEY", "") or settings.SECRET_KEY
    materials = [primary, settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return list(dict.fromkeys(m for m in materials if m))


def _key(material):
    return hmac.new(material.encode(), KEY_LABEL, hashlib.sha256).digest()


def _associated_data(consultation_id):
    return f"consultation:{consultation_id}".encode()


def seal(consultation_id, option_ids):
    """The chosen option ids, padded and encrypted: same length whatever was chosen."""
    plaintext = json.dumps(sorted(int(pk) for pk in option_ids)).encode()
    plaintext += b" " * (-len(plaintext) % PADDED_BLOCK)  # JSON ignores trailing spaces
    nonce = os.urandom(NONCE_BYTES)
    material = _key_materials()[0]
    return nonce + AESGCM(_key(material)).encrypt(
        nonce, plaintext, _associated_data(consultation_id)
    )


def open_sealed(consultation_id, sealed):
    """[option ids] of a sealed ballot; BallotUnreadable if no key opens it."""
    sealed = bytes(sealed)
    nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    for material in _key_materials():
        try:
            plaintext = AESGCM(_key(material)).decrypt(
                nonce, ciphertext, _associated_data(consultation_id)
            )
        except InvalidTag:
            continue
        return [int(pk) for pk in json.loads(plaintext)]
    raise BallotUnreadable(consultation_id)


def cast(consultation, voter_record, option_ids):
    """Write the voter record and the sealed ballot together (the caller's transaction)."""
    voter_record.save(force_insert=True)
    PendingBallot.objects.create(
        consultation=consultation, sealed=seal(consultation.pk, option_ids)
    )


def count_pending(consultation, final=None):
    """Count a batch of pending ballots if the rules allow one; return how many were counted.

    ``final`` (default: whether the consultation has closed) counts every pending ballot.
    Never raises for a lost race or a locked database: the ballots stay pending, safe, and the
    next vote, the next reading of a closed consultation's results or ``count_ballots`` counts
    them.
    """
    if final is None:
        final = consultation.is_closed()
    try:
        with transaction.atomic():
            return _count_batch(consultation, final)
    except _Raced:
        return 0
    except DatabaseError:
        logger.warning("No se pudieron contar las papeletas pendientes ahora.", exc_info=True)
        return 0


def _count_batch(consultation, final):
    k = mix_size()
    pending = list(
        PendingBallot.objects.select_for_update()
        .filter(consultation_id=consultation.pk)
        .only("id", "sealed")
    )
    if final:
        chosen = pending
    elif len(pending) >= 2 * k:
        _random.shuffle(pending)
        chosen = pending[: len(pending) - k]  # k stay behind: the next batch has k at least
    else:
        chosen = []
    valid_options = set(consultation.options.values_list("pk", flat=True)) if chosen else set()
    opened = []
    for row in chosen:
        try:
            choices = open_sealed(consultation.pk, row.sealed)
        except BallotUnreadable:
            logger.error(
                "Una papeleta pendiente de la consulta %s no se puede abrir con las claves "
                "configuradas (¿cambió OGP_VOTER_HASH_KEY o SECRET_KEY sin dejar la anterior en "
                "SECRET_KEY_FALLBACKS?). Queda guardada, sin contar.",
                consultation.pk,
            )
            continue
        if not set(choices) <= valid_options:
            logger.error(
                "Una papeleta pendiente de la consulta %s elige una opción que ya no existe. "
                "Queda guardada, sin contar.",
                consultation.pk,
            )
            continue
        opened.append((row.pk, choices))
    if not opened:
        return 0
    deleted, _detail = PendingBallot.objects.filter(pk__in=[pk for pk, _c in opened]).delete()
    if deleted != len(opened):
        raise _Raced
    _random.shuffle(opened)
    ballots = [Ballot(consultation_id=consultation.pk) for _row in opened]
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, option_id=option_id)
            for ballot, (_pk, choices) in zip(ballots, opened, strict=True)
            for option_id in choices
        ]
    )
    return len(opened)


def _final_count_key(consultation):
    return f"ogp-ballots-final:{consultation.pk}:{consultation.closes_at.timestamp()}"


def ensure_final_count(consultation):
    """Once a consultation has closed, count what is still pending (then remember it).

    The cache flag only saves a query on later readings; a vote that commits after the close
    counts itself (``cast_vote``), so the flag can never hide a pending ballot for long.
    """
    if not consultation.is_closed() or _cache_get(_final_count_key(consultation)):
        return
    if PendingBallot.objects.filter(consultation_id=consultation.pk).exists():
        count_pending(consultation, final=True)
        if PendingBallot.objects.filter(consultation_id=consultation.pk).exists():
            return
    _cache_set(_final_count_key(consultation), True)


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache is down: look in the database instead
        return None


def _cache_set(key, value):
    try:
        cache.set(key, value, timeout=24 * 60 * 60)
    except Exception:  # the cache is down: the next reading looks in the database again
        logger.warning("No se pudo recordar el conteo final en la caché.", exc_info=True)
