"""Commitments (compromisos) OGP Local style, their axes and their milestones."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from .. import validity
from ..registry import public_kind
from ..sanitize import SanitizedRichTextField
from ..translation import TranslatedTextMixin
from .base import EditorialSnippet
from .plans import PlanScopedForm, plan_field

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class AxisForm(PlanScopedForm):
    """An axis is saved, not reviewed: so an editor may add or change the axes of a plan only
    while the plan is not published (it is reviewed with them). The axes of a published plan
    are changed by someone who may publish (a reviewer, an administrator)."""

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if user is None or user.has_perm("cms_blocks.publish_actionplan"):
            return cleaned_data
        plans = [cleaned_data.get("plan")]
        if self.instance.pk and self.instance.plan_id:
            plans.append(type(self.instance).objects.get(pk=self.instance.pk).plan)
        if any(plan is not None and plan.live for plan in plans):
            raise ValidationError(
                _(
                    "Este plan de acción ya está publicado: sus ejes los agrega o cambia un "
                    "revisor. Puede preparar los ejes de un plan mientras está en borrador."
                ),
                code="axis_of_live_plan",
            )
        return cleaned_data


@public_kind(
    order=80,
    menu_order=20,
    search_kind="eje",
    label=_("Eje de trabajo"),
    label_plural=_("Ejes de trabajo"),
    moderated=False,  # an axis is saved, not published
)
class Axis(models.Model):
    """An axis of work (eje) of one action plan."""

    plan = plan_field("axes")
    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("descripción"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    base_form_class = AxisForm

    panels = [
        FieldPanel("plan"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="cms_blocks_axis_plan_slug"),
            models.UniqueConstraint(fields=["plan", "name"], name="cms_blocks_axis_plan_name"),
        ]
        verbose_name = _("eje de trabajo")
        verbose_name_plural = _("ejes de trabajo")

    def __str__(self):
        return self.name


class CommitmentTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms_blocks.Commitment", related_name="tagged_items", on_delete=models.CASCADE
    )


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Sin iniciar")
    IN_PROGRESS = "in_progress", _("En curso")
    COMPLETED = "completed", _("Completado")


class CompletionLevel(models.TextChoices):
    NO_EVIDENCE = "no_evidence", _("Sin evidencia")
    NOT_STARTED = "not_started", _("No iniciado")
    LIMITED = "limited", _("Limitado")
    SUBSTANTIAL = "substantial", _("Sustancial")
    COMPLETE = "complete", _("Completo")


class PotentialForResults(models.TextChoices):
    UNCLEAR = "unclear", _("Sin cambio o poco claro")
    PRACTICE_CHANGE = (
        "practice_change",
        _("Cambio positivo en una práctica, no vinculante ni institucionalizado"),
    )
    BINDING_CHANGE = "binding_change", _("Cambio vinculante o institucionalizado")


@public_kind(
    order=10,
    menu_order=10,
    search_kind="compromiso",
    label=_("Compromiso"),
    label_plural=_("Compromisos"),
    sitemap=True,
    sitemap_list="cms_blocks:commitment_list",
    feed_summary="summary",
    api="commitments",
)
class Commitment(EditorialSnippet):
    plan = plan_field("commitments")
    code = models.CharField(
        _("código OGP"),
        max_length=30,
        blank=True,
        help_text=_("Identificador del compromiso en OGP, por ejemplo COCDI0001."),
    )
    title = models.CharField(_("título"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    summary = models.TextField(_("resumen"), blank=True, max_length=600)
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("eje"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    lead_institution = models.ForeignKey(
        "cms_blocks.Institution",
        verbose_name=_("institución líder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_commitments",
    )
    supporting_actors = ParentalManyToManyField(
        "cms_blocks.Institution",
        verbose_name=_("instituciones y actores involucrados"),
        blank=True,
        related_name="supported_commitments",
    )
    problem = SanitizedRichTextField(_("problema"), features=RICH_FEATURES, blank=True)
    status_quo = SanitizedRichTextField(
        _("situación actual (statu quo)"), features=RICH_FEATURES, blank=True
    )
    description = SanitizedRichTextField(
        _("¿en qué consiste el compromiso?"), features=RICH_FEATURES, blank=True
    )
    solution = SanitizedRichTextField(
        _("¿cómo contribuye a resolver el problema?"), features=RICH_FEATURES, blank=True
    )
    value_access_to_information = models.BooleanField(_("acceso a la información"), default=False)
    value_civic_participation = models.BooleanField(_("participación cívica"), default=False)
    value_public_accountability = models.BooleanField(_("rendición de cuentas"), default=False)
    value_technology_innovation = models.BooleanField(
        _("tecnología e innovación para la transparencia y la rendición de cuentas"), default=False
    )
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de finalización"), null=True, blank=True)
    tags = ClusterTaggableManager(through=CommitmentTag, blank=True, verbose_name=_("etiquetas"))

    # Derived from the milestones on every save (see update_progress); stored so that
    # lists can filter and sort in the database.
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0, editable=False)

    monitor_verifiable = models.BooleanField(_("¿verificable?"), null=True, blank=True)
    monitor_relevant = models.BooleanField(
        _("¿relevante para los valores OGP?"), null=True, blank=True
    )
    monitor_new_practice = models.BooleanField(_("¿práctica nueva?"), null=True, blank=True)
    monitor_potential = models.CharField(
        _("potencial de resultados"), max_length=30, choices=PotentialForResults.choices, blank=True
    )
    monitor_completion = models.CharField(
        _("nivel de cumplimiento"), max_length=20, choices=CompletionLevel.choices, blank=True
    )
    monitor_notes = SanitizedRichTextField(
        _("valoración del monitor"), features=RICH_FEATURES, blank=True
    )
    monitor_source = models.CharField(_("fuente de la valoración"), max_length=300, blank=True)

    base_form_class = PlanScopedForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("plan"),
                FieldPanel("code"),
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("summary"),
                FieldRowPanel([FieldPanel("axis"), FieldPanel("lead_institution")]),
                FieldPanel("supporting_actors"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("tags"),
            ],
            heading=_("Datos generales"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("problem"),
                FieldPanel("status_quo"),
                FieldPanel("description"),
                FieldPanel("solution"),
            ],
            heading=_("Descripción"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("value_access_to_information"),
                FieldPanel("value_civic_participation"),
                FieldPanel("value_public_accountability"),
                FieldPanel("value_technology_innovation"),
            ],
            heading=_("Valores OGP"),
        ),
        InlinePanel("milestones", heading=_("Hitos"), label=_("hito")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("monitor_verifiable"),
                        FieldPanel("monitor_relevant"),
                        FieldPanel("monitor_new_practice"),
                    ]
                ),
                FieldPanel("monitor_potential"),
                FieldPanel("monitor_completion"),
                FieldPanel("monitor_notes"),
                FieldPanel("monitor_source"),
            ],
            heading=_("Valoración del monitor independiente"),
        ),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("code", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("problem"),
        index.SearchField("status_quo"),
        index.SearchField("description"),
        index.SearchField("solution"),
        index.RelatedFields("lead_institution", [index.SearchField("name")]),
        index.RelatedFields("axis", [index.SearchField("name")]),
        index.FilterField("plan_id"),
        index.FilterField("axis_id"),
        index.FilterField("status"),
        index.FilterField("live"),
    ]

    translated_fields = (
        "title",
        "summary",
        "problem",
        "status_quo",
        "description",
        "solution",
        "monitor_notes",
    )
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_commitment_slug_locale"
            ),
        ]
        ordering = ["code", "title"]
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")

    def __str__(self):
        return f"{self.code} · {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse("cms_blocks:commitment_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha de finalización no puede ser anterior a la de inicio.")}
            )
        if self.axis_id and self.plan_id and self.axis.plan_id != self.plan_id:
            raise ValidationError(
                {"axis": _("El eje pertenece a otro plan de acción: elija un eje de este plan.")}
            )

    @property
    def ogp_values(self):
        values = []
        for field in (
            "value_access_to_information",
            "value_civic_participation",
            "value_public_accountability",
            "value_technology_innovation",
        ):
            if getattr(self, field):
                values.append(self._meta.get_field(field).verbose_name)
        return values

    @property
    def has_illustrative_milestones(self):
        return any(m.is_illustrative for m in self.milestones.all())

    @property
    def progress_is_illustrative(self):
        """Its progress figure comes only from illustrative milestones (or it is illustrative
        itself): wherever the figure appears, roll-ups included, the reader is told."""
        milestones = list(self.milestones.all())
        if self.is_illustrative:
            return True
        return bool(milestones) and all(m.is_illustrative for m in milestones)

    @property
    def late_milestones(self):
        today = validity.today()
        return [m for m in self.milestones.all() if m.is_late_on(today)]

    @property
    def is_late(self):
        """A commitment is late when one of its milestones is."""
        return bool(self.late_milestones)

    def update_progress(self):
        """Set status and progress from the milestones (in memory or saved)."""
        self.progress, self.status = progress_from_milestones(self.milestones.all())

    # Fields Wagtail saves alone when it records a revision, a lock or a workflow step: the
    # in-memory milestones may then be a draft's, which must not reach the published row.
    BOOKKEEPING_FIELDS = frozenset(
        {
            "latest_revision",
            "has_unpublished_changes",
            "live",
            "live_revision",
            "first_published_at",
            "last_published_at",
            "go_live_at",
            "expire_at",
            "expired",
            "locked",
            "locked_at",
            "locked_by",
        }
    )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.update_progress()
        elif not set(update_fields) <= self.BOOKKEEPING_FIELDS:
            self.update_progress()
            kwargs["update_fields"] = list({*update_fields, "status", "progress"})
        super().save(*args, **kwargs)

    preview_template = "cms_blocks/pages/commitment_detail.html"


def progress_from_milestones(milestones):
    """Progress (0-100) and the status that follows, from the milestones.

    Progress is the weight of the completed milestones over the weight of all of them (each
    milestone weighs 1 unless an editor gives it another weight). It reads 100 only when every
    milestone is done: 199 of 200 must not read as complete.
    """
    milestones = list(milestones)
    if not milestones:
        return 0, CommitmentStatus.NOT_STARTED
    total = sum(m.effective_weight for m in milestones)
    done = sum(m.effective_weight for m in milestones if m.status == Milestone.Status.COMPLETED)
    if all(m.status == Milestone.Status.COMPLETED for m in milestones):
        return 100, CommitmentStatus.COMPLETED
    progress = min(round(100 * done / total), 99) if total else 0
    if any(m.status != Milestone.Status.NOT_STARTED for m in milestones):
        return progress, CommitmentStatus.IN_PROGRESS
    return progress, CommitmentStatus.NOT_STARTED


class Milestone(TranslatedTextMixin, TranslatableMixin, Orderable):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Sin iniciar")
        IN_PROGRESS = "in_progress", _("En curso")
        COMPLETED = "completed", _("Completado")
        DELAYED = "delayed", _("Retrasado")

    commitment = ParentalKey(Commitment, related_name="milestones", on_delete=models.CASCADE)
    title = models.CharField(_("título"), max_length=300)
    expected_output = models.TextField(_("producto esperado"), blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de finalización"), null=True, blank=True)
    responsible = models.CharField(_("responsable"), max_length=200, blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True)
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("documento de evidencia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    weight = models.PositiveSmallIntegerField(
        _("peso"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Cuánto pesa este hito en el avance del compromiso, frente a los demás (1 = igual "
            "que los otros)."
        ),
    )
    is_illustrative = models.BooleanField(_("contenido ilustrativo"), default=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("expected_output"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("responsible"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("weight")]),
        FieldRowPanel([FieldPanel("evidence_url"), FieldPanel("evidence_document")]),
        FieldPanel("is_illustrative"),
    ]

    translated_fields = ("title", "expected_output")
    translation_parent = "commitment"

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")

    def __str__(self):
        return self.title

    @property
    def effective_weight(self):
        return self.weight if self.weight and self.weight > 0 else 1

    def is_late_on(self, today):
        """Overdue on ``today``: its end date has passed and it is not complete."""
        return bool(
            self.end_date and self.end_date < today and self.status != self.Status.COMPLETED
        )

    @property
    def is_late(self):
        return self.is_late_on(validity.today())

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha de finalización no puede ser anterior a la de inicio.")}
            )
