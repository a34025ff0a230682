"""Co-creation: the process's figures and its participant groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from ..registry import public_kind
from .base import EditorialSnippet
from .plans import PlanScopedForm, plan_field


@public_kind(order=90, menu_order=60)
class CoCreationFigure(EditorialSnippet):
    """One figure of the co-creation process, such as «246 personas»."""

    plan = plan_field("cocreation_figures")
    label = models.CharField(_("etiqueta"), max_length=200)
    value = models.PositiveIntegerField(_("valor"))
    qualifier = models.CharField(
        _("calificador"), max_length=40, blank=True, help_text=_("p. ej. «más de».")
    )
    description = models.TextField(_("descripción"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    base_form_class = PlanScopedForm

    panels = [
        FieldPanel("plan"),
        FieldPanel("label"),
        FieldPanel("qualifier"),
        FieldPanel("value"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("label"),
        index.AutocompleteField("label"),
        index.SearchField("description"),
        index.FilterField("plan_id"),
        index.FilterField("live"),
    ]

    translated_fields = ("label", "qualifier", "description")

    class Meta(EditorialSnippet.Meta):
        ordering = ["sort_order", "label"]
        verbose_name = _("cifra de cocreación")
        verbose_name_plural = _("cifras de cocreación")

    def __str__(self):
        return f"{self.display_value} {self.label}"

    @property
    def display_value(self):
        return f"{self.qualifier} {self.value}".strip()


@public_kind(order=100, menu_order=70)
class ParticipantGroup(EditorialSnippet):
    """A group that took part in co-creation."""

    plan = plan_field("participant_groups")
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    base_form_class = PlanScopedForm

    panels = [
        FieldPanel("plan"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("plan_id"),
        index.FilterField("live"),
    ]

    translated_fields = ("name", "description")

    class Meta(EditorialSnippet.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("grupo participante")
        verbose_name_plural = _("grupos participantes")

    def __str__(self):
        return self.name
