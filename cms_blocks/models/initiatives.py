"""Earlier initiatives, reporting channels and open platforms that the plan lists."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from ..registry import public_kind
from ..sanitize import SanitizedRichTextField
from .base import EditorialSnippet


@public_kind(
    order=40,
    menu_order=100,
    search_kind="iniciativa",
    label=_("Iniciativa"),
    label_plural=_("Iniciativas"),
    sitemap_list="cms_blocks:initiative_list",
)
class Initiative(EditorialSnippet):
    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Iniciativa")
        CHANNEL = "channel", _("Canal de denuncia")
        PLATFORM = "platform", _("Plataforma de gobierno abierto")

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("resumen"), blank=True)
    body = SanitizedRichTextField(
        _("descripción"), features=["bold", "italic", "link", "ul", "ol"], blank=True
    )
    url = models.URLField(_("enlace"), blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("url"),
        FieldPanel("email"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    translated_fields = ("title", "summary", "body")
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_initiative_slug_locale"
            ),
        ]
        ordering = ["kind", "sort_order", "title"]
        verbose_name = _("iniciativa")
        verbose_name_plural = _("iniciativas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cms_blocks:initiative_list") + f"#{self.slug}"
