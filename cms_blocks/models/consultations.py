"""Consultations (consultas virtuales): the question, its options and their results."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from .. import validity
from ..extensions import extra_votes, protected_options
from ..registry import public_kind
from ..translation import TranslatedTextMixin
from .base import EditorialSnippet
from .plans import PlanScopedForm, plan_field


class ConsultationForm(PlanScopedForm):
    """Refuses to remove an option that an extension protects (e.g. it has online votes)."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("options")
        if formset is not None and formset.is_valid():
            removed = {
                form.instance.pk: form.instance
                for form in formset.deleted_forms
                if form.instance.pk
            }
            protected = protected_options(list(removed))
            if protected:
                titles = ", ".join(f"«{removed[pk].title}»" for pk in sorted(protected))
                raise ValidationError(
                    _(
                        "No se puede quitar %(titles)s: ya recibió votos en línea. Puede "
                        "cambiar su texto, pero no eliminarla."
                    ),
                    params={"titles": titles},
                    code="option_has_votes",
                )
        return cleaned_data


@public_kind(
    order=60,
    menu_order=80,
    search_kind="consulta",
    label=_("Consulta ciudadana"),
    label_plural=_("Consultas ciudadanas"),
    sitemap=True,
    feed_summary="description",
    api="consultations",
)
class Consultation(EditorialSnippet):
    class ResultsVisibility(models.TextChoices):
        LIVE = "live", _("En vivo, mientras está abierta")
        AFTER_CLOSE = "after_close", _("Solo después del cierre")

    plan = plan_field("consultations")
    title = models.CharField(_("título"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    question = models.CharField(_("pregunta"), max_length=500)
    description = models.TextField(_("descripción"), blank=True)
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("cierre"))
    max_choices = models.PositiveSmallIntegerField(
        _("opciones que puede elegir cada persona"), default=1
    )
    results_visibility = models.CharField(
        _("publicación de resultados"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    reported_participants = models.PositiveIntegerField(
        _("participantes reportados"),
        null=True,
        blank=True,
        help_text=_("Cifra de participación publicada por la entidad, si la hay."),
    )
    participants_qualifier = models.CharField(
        _("calificador de participantes"),
        max_length=40,
        blank=True,
        help_text=_("p. ej. «más de»."),
    )
    results_summary = models.TextField(_("resumen de resultados"), blank=True)

    panels = [
        FieldPanel("plan"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("max_choices"), FieldPanel("results_visibility")]),
        InlinePanel("options", heading=_("Opciones"), label=_("opción"), min_num=2),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("participants_qualifier"), FieldPanel("reported_participants")]
                ),
                FieldPanel("results_summary"),
            ],
            heading=_("Resultados publicados"),
        ),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("question", boost=2),
        index.SearchField("description"),
        index.SearchField("results_summary"),
        index.FilterField("plan_id"),
        index.FilterField("live"),
    ]

    translated_fields = (
        "title",
        "question",
        "description",
        "participants_qualifier",
        "results_summary",
    )
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_consultation_slug_locale"
            ),
        ]
        ordering = ["-opens_at"]
        verbose_name = _("consulta")
        verbose_name_plural = _("consultas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cms_blocks:consultation_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("El cierre debe ser posterior a la apertura.")})
        if self.max_choices is not None and self.max_choices < 1:
            raise ValidationError({"max_choices": _("Debe permitir al menos una opción.")})

    def is_open(self, now=None):
        if now is None:
            now = timezone.now()
            validity.noting(self.opens_at if now < self.opens_at else self.closes_at)
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        if now is None:
            now = timezone.now()
            validity.noting(self.closes_at)
        return now >= self.closes_at

    def results_visible(self, now=None):
        return self.results_visibility == self.ResultsVisibility.LIVE or self.is_closed(now)

    def get_results(self):
        """[(option, votes)], in option order, from options already loaded.

        Votes are the option's recorded tally: votes cast online (added by the tally
        providers registered in ``cms_blocks.extensions``, one aggregate query) plus any
        count the entity reported from outside the system.
        """
        options = list(self.options.all())
        online = extra_votes(self, options)
        return [(option, option.total_votes + online.get(option.pk, 0)) for option in options]

    @property
    def results_are_illustrative(self):
        return self.is_illustrative or any(o.is_illustrative for o in self.options.all())

    preview_template = "cms_blocks/pages/consultation_detail.html"
    base_form_class = ConsultationForm


class ConsultationOption(TranslatedTextMixin, TranslatableMixin, Orderable):
    consultation = ParentalKey(Consultation, related_name="options", on_delete=models.CASCADE)
    title = models.CharField(_("título"), max_length=300)
    description = models.TextField(_("descripción"), blank=True)
    reported_votes = models.PositiveIntegerField(
        _("votos reportados"),
        null=True,
        blank=True,
        help_text=_("Votos contados fuera de este sitio. Déjelo vacío si no se publicaron."),
    )
    is_illustrative = models.BooleanField(_("contenido ilustrativo"), default=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("reported_votes"),
        FieldPanel("is_illustrative"),
    ]

    translated_fields = ("title", "description")
    translation_parent = "consultation"

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")

    def __str__(self):
        return self.title

    @property
    def total_votes(self):
        return self.reported_votes or 0
