"""Citizen participation: online votes in a consultation, and reports of irregularities.

Secret ballot: what identifies a voter (``VoterRecord``) and what they chose (``Ballot`` and
``BallotChoice``) live in separate tables that share no key, no foreign key between them and no
timestamp, so no query can join a person to a choice. Both sides have random UUID primary keys
(no sequence that would reveal the order of arrival). Storage order (SQLite rowids, PostgreSQL
ctid/xmin) would still pair rows written together, so a ballot is first stored sealed
(``PendingBallot``) and only counted, as a ``Ballot``, in a shuffled batch of many
(``participation.ballot_box``).

Reports (denuncias): an anonymous report keeps no IP address, no user agent and no contact
details; a named one keeps only the name and the contact the citizen chose to give. No model
here has a field for an IP address or a user agent.
"""

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cms_blocks.models import Commitment, Consultation, ConsultationOption

# ---------------------------------------------------------------------------------------------
# Voting
# ---------------------------------------------------------------------------------------------


class VoterRecord(models.Model):
    """That someone voted in a consultation: keyed hashes (HMAC-SHA256) only, never the e-mail.

    Neither the ballot nor the time of the vote is recorded here.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="+", verbose_name=_("consulta")
    )
    email_digest = models.CharField(_("huella del correo"), max_length=64)
    document_digest = models.CharField(
        _("huella del documento"), max_length=64, null=True, blank=True
    )

    class Meta:
        verbose_name = _("registro de votante")
        verbose_name_plural = _("registros de votantes")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "email_digest"], name="participation_one_vote_per_email"
            ),
            models.UniqueConstraint(
                fields=["consultation", "document_digest"],
                condition=models.Q(document_digest__isnull=False),
                name="participation_one_vote_per_document",
            ),
        ]

    def __str__(self):
        return str(self.id)


class Ballot(models.Model):
    """One anonymous ballot: a random id and its consultation; nothing about the voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="+", verbose_name=_("consulta")
    )

    class Meta:
        verbose_name = _("papeleta")
        verbose_name_plural = _("papeletas")

    def __str__(self):
        return str(self.id)


class PendingBallot(models.Model):
    """A ballot cast but not yet counted: sealed (AES-256-GCM), never readable in the database.

    It is written in the same transaction as the voter's ``VoterRecord``, so the two can be
    paired by storage order (rowid, ctid, xmin); what that pairing reveals is a ciphertext of
    fixed length. ``participation.ballot_box`` opens pending ballots only to count them, in
    shuffled batches of at least ``OGP_BALLOT_MIX_SIZE``, and deletes them in that transaction.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="+", verbose_name=_("consulta")
    )
    sealed = models.BinaryField(_("papeleta sellada"), editable=False)

    class Meta:
        verbose_name = _("papeleta por contar")
        verbose_name_plural = _("papeletas por contar")

    def __str__(self):
        return str(self.id)


class BallotChoice(models.Model):
    """An option chosen on a ballot.

    RESTRICT: an option that received online votes cannot be deleted on its own (its votes
    would vanish), but deleting the whole consultation deletes its ballots too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="choices", verbose_name=_("papeleta")
    )
    option = models.ForeignKey(
        ConsultationOption, on_delete=models.RESTRICT, related_name="+", verbose_name=_("opción")
    )

    class Meta:
        verbose_name = _("opción elegida")
        verbose_name_plural = _("opciones elegidas")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "option"], name="participation_option_once_per_ballot"
            )
        ]

    def __str__(self):
        return str(self.id)


# ---------------------------------------------------------------------------------------------
# Reports of irregularities (denuncias)
# ---------------------------------------------------------------------------------------------

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8  # 32**8 ≈ 1.1 × 10**12 codes per year


def new_tracking_code(year=None):
    year = year or timezone.localdate().year
    random_part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"DEN-{year}-{random_part}"


@deconstructible(path="participation.models.PrivateReportStorage")
class PrivateReportStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT: no public URL; staff download them via the admin.

    ``OGP_PRIVATE_MEDIA_ROOT`` sets the folder; by default a sibling of MEDIA_ROOT
    (``media-private``), read when first used so that test settings apply.
    """

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        configured = getattr(settings, "OGP_PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        media_root = str(settings.MEDIA_ROOT).rstrip("/\\")
        return f"{media_root}-private"

    @cached_property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Los adjuntos de denuncias no tienen URL pública.")


report_storage = PrivateReportStorage()


def attachment_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"denuncias/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ReportStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida")
    IN_PROGRESS = "en_tramite", _("En trámite")
    CLOSED = "cerrada", _("Cerrada")


class Report(models.Model):
    """A report of a possible irregularity, named or anonymous."""

    Status = ReportStatus

    tracking_code = models.CharField(_("radicado"), max_length=32, unique=True, editable=False)
    # A date, not a time: a precise time could be matched against a web server's access log.
    received_on = models.DateField(_("recibida el"), default=timezone.localdate, editable=False)
    updated_at = models.DateTimeField(_("última actualización"), auto_now=True)

    subject_commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compromiso relacionado"),
    )
    subject_work = models.CharField(_("obra pública u otro asunto"), max_length=300, blank=True)
    description = models.TextField(_("descripción de los hechos"))

    is_anonymous = models.BooleanField(_("anónima"), default=True)
    reporter_name = models.CharField(_("nombre de quien denuncia"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("correo de contacto"), blank=True)
    reporter_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    consent = models.BooleanField(
        _("aceptó la política de tratamiento de datos"),
        default=False,
        help_text=_("El formulario no se puede enviar sin esta autorización (Ley 1581 de 2012)."),
    )

    status = models.CharField(
        _("estado"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    public_answer = models.TextField(
        _("respuesta pública"),
        blank=True,
        help_text=_(
            "Se muestra a quien consulte el radicado. No escriba datos personales en ella."
        ),
    )
    internal_notes = models.TextField(
        _("notas internas"), blank=True, help_text=_("Solo las ve el equipo de Transparencia.")
    )

    # Reports stay out of Wagtail's reference index: a commitment's «usage» page must not
    # reveal to editors that a report mentions it.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("denuncia")
        verbose_name_plural = _("denuncias")

    def __str__(self):
        return self.tracking_code

    def save(self, *args, **kwargs):
        if not self.tracking_code:
            self.tracking_code = self._unused_code()
        if self.is_anonymous:
            self.reporter_name = self.reporter_email = self.reporter_phone = ""
        super().save(*args, **kwargs)

    def _unused_code(self):
        year = (self.received_on or timezone.localdate()).year
        while True:
            code = new_tracking_code(year)
            if not Report.objects.filter(tracking_code=code).exists():
                return code

    def subject_label(self):
        parts = []
        if self.subject_commitment_id:
            parts.append(str(self.subject_commitment))
        if self.subject_work:
            parts.append(self.subject_work)
        return " · ".join(parts) or _("Sin asunto indicado")

    subject_label.short_description = _("asunto")

    def status_label(self):
        return self.get_status_display()

    status_label.short_description = _("estado")

    def attachment_count(self):
        annotated = getattr(self, "attachment_total", None)
        return annotated if annotated is not None else self.attachments.count()

    attachment_count.short_description = _("adjuntos")

    def kind_label(self):
        return _("Anónima") if self.is_anonymous else _("Con datos de contacto")

    kind_label.short_description = _("tipo")


class ReportAttachment(models.Model):
    """A checked file (image re-encoded without metadata, or PDF) under a random name."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("denuncia")
    )
    file = models.FileField(_("archivo"), storage=report_storage, upload_to=attachment_upload_to)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.size // 1024} KB)"

    @property
    def download_name(self):
        extension = "jpg" if self.kind == self.Kind.JPEG else self.kind
        return f"{self.report.tracking_code}-adjunto-{self.pk}.{extension}"


# ---------------------------------------------------------------------------------------------
# Following a commitment (e-mail notices of its approved changes)
# ---------------------------------------------------------------------------------------------


def new_follow_nonce():
    return secrets.token_hex(16)


class FollowFrequency(models.TextChoices):
    IMMEDIATE = "inmediato", _("Un correo por cada cambio aprobado")
    DAILY = "diario", _("Un resumen diario")


class FollowSubscription(models.Model):
    """An address that asked to follow a commitment (double opt-in, Ley 1581 de 2012).

    The address is kept only while the subscription lasts: unsubscribing deletes the row, and
    a request not confirmed in time is purged (``purge_follow_requests``). Links carry a token
    derived from ``nonce`` with the site's secret key (``participation.follow.tokens``): the
    database alone does not hold any token. No IP address, no user agent.
    """

    Frequency = FollowFrequency

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("compromiso"),
    )
    email = models.EmailField(_("correo electrónico"), max_length=254)
    frequency = models.CharField(
        _("frecuencia"),
        max_length=10,
        choices=FollowFrequency.choices,
        default=FollowFrequency.IMMEDIATE,
    )
    nonce = models.CharField(max_length=32, default=new_follow_nonce, editable=False)
    consented_at = models.DateTimeField(_("autorizó el tratamiento de datos el"))
    created_at = models.DateTimeField(_("solicitada el"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmada el"), null=True, blank=True)

    # Out of Wagtail's reference index: a commitment's «usage» page must not list followers.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("seguimiento de un compromiso")
        verbose_name_plural = _("seguimientos de compromisos")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "email"], name="participation_follow_once_per_email"
            )
        ]
        indexes = [models.Index(fields=["email"], name="participation_follow_email")]

    def __str__(self):
        return str(self.pk)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class FollowNotice(models.Model):
    """The outbox: one row per confirmed subscriber and approved change, written with the
    publication; ``send_follow_mail`` sends it later (immediate) or in a daily digest.

    Exactly one of ``snapshot`` (an approved publication of the commitment) and ``report``
    (a monitor report about it, published for the first time) is set. The unique constraints
    make a second notice of the same change for the same subscriber impossible.
    """

    subscription = models.ForeignKey(
        FollowSubscription,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("seguimiento"),
    )
    snapshot = models.ForeignKey(
        "cms_blocks.CommitmentSnapshot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicación aprobada"),
    )
    report = models.ForeignKey(
        "cms_blocks.MonitorReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("informe del monitor"),
    )
    created_at = models.DateTimeField(_("creado"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("aviso de seguimiento")
        verbose_name_plural = _("avisos de seguimiento")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "snapshot"],
                condition=models.Q(snapshot__isnull=False),
                name="participation_notice_once_per_snapshot",
            ),
            models.UniqueConstraint(
                fields=["subscription", "report"],
                condition=models.Q(report__isnull=False),
                name="participation_notice_once_per_report",
            ),
            models.CheckConstraint(
                condition=models.Q(snapshot__isnull=False, report__isnull=True)
                | models.Q(snapshot__isnull=True, report__isnull=False),
                name="participation_notice_one_subject",
            ),
        ]

    def __str__(self):
        return str(self.pk)
