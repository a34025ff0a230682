"""The action plan: the aggregate root of everything an OGP Local member commits to.

A member publishes one plan after another (two-year cycles are common). Every plan-scoped fact
(axes, commitments and their milestones, co-creation figures and participant groups, the
committee and its members, consultations, monitor reports) belongs to exactly one plan;
institutions and initiatives are shared. The plan is an editorial snippet, so a new plan goes
through the same review as the rest, and the extension's own pages show it
(``/planes/<slug>/…``); a site page may show one too (see docs/decisions.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .. import validity
from ..registry import public_kind
from ..sanitize import SanitizedRichTextField
from .base import EditorialSnippet, LiveQuerySet


class ActionPlanQuerySet(LiveQuerySet):
    def current(self, today=None):
        """The current plan among these: the one that started last (its period has begun);
        before any has begun, the first to begin. None when there is no plan."""
        today = today or validity.today()
        plans = list(self.order_by("-period_start", "-pk"))
        for plan in plans:
            if plan.period_start <= today:
                return plan
        return plans[-1] if plans else None


@public_kind(
    order=5,
    menu_order=5,
    search_kind="plan",
    label=_("Plan de acción"),
    label_plural=_("Planes de acción"),
    sitemap=True,
    sitemap_list="cms_blocks:plan_archive",
    feed_summary="intro",
    api="plans",
)
class ActionPlan(EditorialSnippet):
    """An action plan (Plan de Acción de Gobierno Abierto) with its metadata."""

    title = models.CharField(
        _("título"),
        max_length=200,
        help_text=_("p. ej. «Plan de Acción de Gobierno Abierto 2023»."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_("Forma parte de las direcciones del plan: /planes/<slug>/, p. ej. «2023»."),
    )
    jurisdiction = models.CharField(_("jurisdicción"), max_length=200)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    submitted_on = models.DateField(
        _("fecha de presentación (según el plan)"), null=True, blank=True
    )
    ogp_submitted_on = models.DateField(
        _("fecha de presentación (según OGP)"), null=True, blank=True
    )
    ogp_date_source = models.CharField(_("fuente de la fecha de OGP"), max_length=300, blank=True)
    motto = models.CharField(_("lema"), max_length=200, blank=True)
    intro = models.TextField(_("introducción"), blank=True, max_length=600)
    prologue = SanitizedRichTextField(
        _("prólogo"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )

    objects = ActionPlanQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("jurisdiction"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("submitted_on"), FieldPanel("ogp_submitted_on")]),
                FieldPanel("ogp_date_source"),
                FieldPanel("motto"),
            ],
            heading=_("Datos del plan"),
        ),
        FieldPanel("intro"),
        FieldPanel("prologue"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("jurisdiction", boost=2),
        index.SearchField("intro", boost=2),
        index.SearchField("prologue"),
        index.FilterField("live"),
    ]

    translated_fields = ("title", "motto", "intro", "prologue")
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_actionplan_slug_locale"
            ),
        ]
        ordering = ["-period_start", "title"]
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cms_blocks:plan_detail", kwargs={"plan": self.slug})

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("El fin del periodo no puede ser anterior al inicio.")}
            )

    @property
    def period_label(self):
        """«enero a diciembre de 2023», «2024–2025»: the period as a reader says it."""
        from django.utils.formats import date_format

        start, end = self.period_start, self.period_end
        if start.year == end.year:
            return _("%(start)s a %(end)s de %(year)s") % {
                # Month names as each language writes them: lower case in Spanish (the
                # extension's es catalogue), capitalised in English.
                "start": date_format(start, "F"),
                "end": date_format(end, "F"),
                "year": start.year,
            }
        return f"{start.year}–{end.year}"

    preview_template = "cms_blocks/pages/plan_detail.html"


class PlanScopedForm(WagtailAdminModelForm):
    """The admin form of a plan-scoped model: a new object starts in the current plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("plan")
        if field is not None and self.instance.pk is None and not self.initial.get("plan"):
            current = ActionPlan.objects.live().current()
            if current is not None:
                self.initial["plan"] = current.pk


def plan_field(related_name):
    """The foreign key every plan-scoped model declares: one plan, never none."""
    return models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan de acción"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )
