"""What a commitment's approved publications leave behind: progress over time and the public
history of changes.

One ``CommitmentSnapshot`` per approved publication of a commitment (a reviewer's approval, a
direct publish by someone allowed to, or a scheduled version going live): the progress, status
and milestone counts that publication made public, what it changed, and who approved it.
Drafts, previews and sent-back versions never make one; they are written by
``cms_blocks.history`` from Wagtail's ``published`` signal, and rebuilt from the revisions by
``manage.py build_commitment_history``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .commitments import Commitment, CommitmentStatus
from .plans import ActionPlan


class CommitmentSnapshot(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("compromiso"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    # The commitment's plan when it was published: kept here so that a plan's history is
    # one query, and stays the plan's if the commitment is later moved.
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan de acción"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revisión"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicado"), db_index=True)
    progress = models.PositiveSmallIntegerField(_("avance (%)"))
    status = models.CharField(_("estado"), max_length=20, choices=CommitmentStatus.choices)
    milestones_done = models.PositiveSmallIntegerField(_("hitos completados"))
    milestones_total = models.PositiveSmallIntegerField(_("hitos"))
    milestones_late = models.PositiveSmallIntegerField(_("hitos retrasados"), default=0)
    progress_is_illustrative = models.BooleanField(_("avance ilustrativo"), default=False)
    # What changed since the previous approved publication, as data (rendered in words by
    # ``cms_blocks.history``): [{"field": name}, {"milestone": title, "from": s, "to": s}, …].
    changes = models.JSONField(_("cambios"), default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver_group = models.CharField(_("grupo de quien aprobó"), max_length=150, blank=True)

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "revision"], name="cms_blocks_snapshot_once_per_revision"
            )
        ]
        verbose_name = _("publicación de compromiso")
        verbose_name_plural = _("publicaciones de compromisos")

    def __str__(self):
        return f"{self.commitment_id} · {self.published_at:%Y-%m-%d} · {self.progress} %"
