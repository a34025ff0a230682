"""The base every editorial snippet shares: drafts, revisions, locking, workflow and preview."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class EditorialSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Abstract base of every snippet that editors write and reviewers approve.

    The database row always holds the *published* version; a pending edit lives in
    a revision until it is approved (Plone's working copy). Public code must read
    ``objects.live()`` only.
    """

    is_illustrative = models.BooleanField(
        _("contenido ilustrativo"),
        default=False,
        help_text=_(
            "Márquelo cuando el contenido no proviene del plan ni del registro público de OGP. "
            "El sitio lo señala al lector."
        ),
    )
    source = models.CharField(
        _("fuente"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo: «Open Government Partnership, ficha del compromiso COCDI0001»."),
    )

    objects = LiveQuerySet.as_manager()

    preview_template = "cms_blocks/previews/snippet.html"

    class Meta:
        abstract = True

    def get_preview_template(self, request, mode_name):
        return self.preview_template

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(self.get_public_context())
        context["is_preview"] = True
        return context

    PREVIEW_SKIP = {
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
        "latest_revision",
        "is_illustrative",
        "source",
        "slug",
        "sort_order",
    }

    @property
    def preview_fields(self):
        """(label, value) of the editable fields, for the generic preview."""
        rows = []
        for field in self._meta.concrete_fields:
            if field.name in self.PREVIEW_SKIP or not field.editable:
                continue
            if field.choices:
                value = getattr(self, f"get_{field.name}_display")()
            else:
                value = getattr(self, field.name)
            rows.append((field.verbose_name.capitalize(), value))
        return rows

    def get_public_context(self):
        """The context the public template of this snippet needs (used by previews)."""
        return {
            "object": self,
            "page_title": str(self),
            "model_name": self._meta.verbose_name,
        }
