from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from ..registry import public_kind
from .base import EditorialSnippet


@public_kind(
    order=50,
    menu_order=30,
    search_kind="institucion",
    label=_("Institución"),
    label_plural=_("Instituciones"),
    sitemap_list="cms_blocks:institution_list",
    api="institutions",
)
class Institution(EditorialSnippet):
    """A dependencia of the city government, or an ally, with its role in the plan."""

    class Role(models.TextChoices):
        ENTITY = "entity", _("Entidad responsable del plan")
        LEAD = "lead", _("Institución líder")
        COORDINATING = "coordinating", _("Institución coordinadora")
        ALLY = "ally", _("Aliado")
        MONITOR = "monitor", _("Organismo de monitoreo independiente")

    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    role = models.CharField(_("rol en el plan"), max_length=20, choices=Role.choices)
    role_description = models.TextField(
        _("descripción del rol"),
        blank=True,
        help_text=_("Qué hace esta institución en el plan de acción."),
    )
    website = models.URLField(_("sitio web"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("role_description"),
        FieldPanel("website"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("role_description"),
        index.FilterField("role"),
        index.FilterField("live"),
    ]

    translated_fields = ("name", "role_description")
    unique_per_locale = ("name", "slug")

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="cms_blocks_institution_name_locale"
            ),
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_institution_slug_locale"
            ),
        ]
        ordering = ["sort_order", "name"]
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cms_blocks:institution_list") + f"#{self.slug}"
