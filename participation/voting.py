"""Voting rules: identity digests, one-time links, the secret ballot and the online tally."""

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cms_blocks.models import Consultation, ConsultationOption

from . import ballot_box
from .models import Ballot, BallotChoice, PendingBallot, VoterRecord

LINK_SALT = "participation.vote-link"
DEFAULT_LINK_MAX_AGE = 24 * 60 * 60  # seconds

# Providers where every dot in the local part is ignored (one mailbox, many spellings).
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}


class VoteRefused(Exception):
    """A vote that the rules refuse; ``message`` is for the citizen, in Spanish."""

    def __init__(self, message, code):
        super().__init__(str(message))
        self.message = message
        self.code = code


# -- identity ----------------------------------------------------------------------------------


def normalize_email(email):
    """One spelling per mailbox: case, sub-addresses (``+etiqueta``) and Gmail's dots folded."""
    email = unicodedata.normalize("NFKC", email or "").strip().lower()
    local, _at, domain = email.rpartition("@")
    if not local:
        return email
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalize_document(number):
    """Letters and digits only, upper case: «1.234.567-8» and «12345678» are the same."""
    number = unicodedata.normalize("NFKC", number or "")
    return re.sub(r"[^0-9A-Za-z]", "", number).upper()


def _hash_key():
    key = getattr(settings, "OGP_VOTER_HASH_KEY", "") or settings.SECRET_KEY
    return key.encode()


def identity_digest(kind, consultation_id, value):
    """HMAC-SHA256 keyed by OGP_VOTER_HASH_KEY (or SECRET_KEY), different per consultation.

    Keyed, so a list of e-mails cannot be hashed and compared without the key; per
    consultation, so the same person cannot be followed from one consultation to the next.
    """
    message = f"{kind}:{consultation_id}:{value}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def email_digest(consultation_id, email):
    return identity_digest("email", consultation_id, normalize_email(email))


def document_digest(consultation_id, document):
    normalized = normalize_document(document)
    return identity_digest("document", consultation_id, normalized) if normalized else None


# -- one-time links -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteLink:
    consultation_id: int
    email_digest: str
    document_digest: str | None


def link_max_age():
    return int(getattr(settings, "OGP_VOTE_LINK_MAX_AGE", DEFAULT_LINK_MAX_AGE))


def make_link_token(consultation_id, email, document=""):
    """A signed, timestamped token that carries only the digests (never the e-mail)."""
    payload = {
        "c": consultation_id,
        "e": email_digest(consultation_id, email),
        "d": document_digest(consultation_id, document) or "",
        "n": secrets.token_hex(4),
    }
    return signing.dumps(payload, salt=LINK_SALT, compress=True)


def read_link_token(token, consultation):
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        raise VoteRefused(
            _("El enlace para votar venció. Pida uno nuevo en la página de la consulta."),
            "expired",
        ) from None
    except signing.BadSignature:
        raise VoteRefused(
            _(
                "El enlace para votar no es válido. Cópielo completo desde el correo o pida uno "
                "nuevo en la página de la consulta."
            ),
            "invalid",
        ) from None
    if not isinstance(payload, dict) or payload.get("c") != consultation.pk:
        raise VoteRefused(_("Este enlace es de otra consulta."), "invalid")
    return VoteLink(consultation.pk, payload["e"], payload.get("d") or None)


# -- rules --------------------------------------------------------------------------------


def _when(moment):
    return date_format(timezone.localtime(moment), r"j \d\e F \d\e Y, H:i").lower()


def check_open(consultation, now=None):
    if consultation.is_open(now):
        return
    if not consultation.is_closed(now):
        raise VoteRefused(
            _("La votación aún no ha abierto: abre el %(date)s.")
            % {"date": _when(consultation.opens_at)},
            "not_open",
        )
    raise VoteRefused(
        _("La votación cerró el %(date)s; ya no se reciben votos.")
        % {"date": _when(consultation.closes_at)},
        "closed",
    )


def check_not_voted(link):
    records = VoterRecord.objects.filter(consultation_id=link.consultation_id)
    if records.filter(email_digest=link.email_digest).exists():
        raise VoteRefused(
            _(
                "Ya se registró un voto con este correo en esta consulta. Cada persona vota "
                "una vez."
            ),
            "already_voted",
        )
    if link.document_digest and records.filter(document_digest=link.document_digest).exists():
        raise VoteRefused(
            _(
                "Ya se registró un voto con este número de documento en esta consulta. Cada "
                "persona vota una vez."
            ),
            "already_voted",
        )


def has_voted(consultation, email):
    return VoterRecord.objects.filter(
        consultation=consultation, email_digest=email_digest(consultation.pk, email)
    ).exists()


def cast_vote(consultation, link, option_ids):
    """Record that the person voted and their sealed ballot (all or nothing), then count.

    The ballot becomes a countable ``Ballot`` only in a shuffled batch (``ballot_box``).
    """
    check_open(consultation)
    valid_ids = {option.pk for option in consultation.options.all()}
    chosen = sorted({int(option_id) for option_id in option_ids})
    if not chosen:
        raise VoteRefused(_("Elija al menos una opción."), "no_choice")
    if len(chosen) > consultation.max_choices:
        raise VoteRefused(
            _("Puede elegir como máximo %(n)s opciones; eligió %(chosen)s.")
            % {"n": consultation.max_choices, "chosen": len(chosen)},
            "too_many",
        )
    if not set(chosen) <= valid_ids:
        raise VoteRefused(_("Una de las opciones elegidas no es de esta consulta."), "bad_option")
    check_not_voted(link)
    try:
        with transaction.atomic():
            record = VoterRecord(
                consultation=consultation,
                email_digest=link.email_digest,
                document_digest=link.document_digest,
            )
            ballot_box.cast(consultation, record, chosen)
    except IntegrityError:  # two submissions at once: the unique constraints decide
        raise VoteRefused(
            _("Ya se registró un voto con este correo o documento en esta consulta."),
            "already_voted",
        ) from None
    # Outside the vote's transaction: a failed count leaves the ballots pending, never lost.
    ballot_box.count_pending(consultation)


# -- tally --------------------------------------------------------------------------------------


def online_votes(option_ids):
    """{option_id: ballots that chose it}: one aggregate query."""
    rows = (
        BallotChoice.objects.filter(option_id__in=option_ids)
        .order_by()
        .values_list("option_id")
        .annotate(votes=Count("id"))
    )
    return dict(rows)


def counted_votes(consultation, option_ids):
    """{option_id: counted ballots that chose it}; a closed consultation is counted in full."""
    ballot_box.ensure_final_count(consultation)
    return online_votes(option_ids)


def online_tally(consultation, option_ids):
    """Tally provider for cms_blocks: online votes, only once results may be shown.

    While a consultation whose results are published «after closing» is open, its online
    tally stays out of every public surface (pages, blocks, API, open data). While one with
    live results is open, the tally is the ballots counted so far (``ballot_box``).
    """
    if not consultation.results_visible():
        return {}
    return counted_votes(consultation, option_ids)


def options_with_votes(option_ids):
    """Option removal guard for cms_blocks: an option with online votes must stay.

    A sealed ballot cannot be read to say which options it chose, so while a consultation has
    pending ballots every one of its options stays.
    """
    voted = set(
        BallotChoice.objects.filter(option_id__in=option_ids)
        .values_list("option_id", flat=True)
        .distinct()
    )
    pending = PendingBallot.objects.values("consultation_id")
    voted |= set(
        ConsultationOption.objects.filter(
            pk__in=option_ids, consultation_id__in=Subquery(pending)
        ).values_list("pk", flat=True)
    )
    return voted


def online_figures(consultation):
    """(counted, pending): ballots in the tally and ballots still sealed, in one query."""
    ballot_box.ensure_final_count(consultation)

    def count_of(model):
        return Coalesce(
            Subquery(
                model.objects.filter(consultation_id=OuterRef("pk"))
                .order_by()
                .values("consultation_id")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    row = (
        Consultation.objects.filter(pk=consultation.pk)
        .annotate(counted=count_of(Ballot), pending=count_of(PendingBallot))
        .values_list("counted", "pending")
        .first()
    )
    return row or (0, 0)


def online_participants(consultation):
    """People who voted online (counted or not yet counted)."""
    return sum(online_figures(consultation))
