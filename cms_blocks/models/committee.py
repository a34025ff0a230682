"""The citizens' follow-up committee (Comité Ciudadano de Seguimiento) and its members."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from ..registry import public_kind
from .base import EditorialSnippet
from .plans import PlanScopedForm, plan_field


@public_kind(
    order=70,
    menu_order=40,
    search_kind="comite",
    label=_("Comité"),
    label_plural=_("Comités"),
    sitemap=True,
    feed_summary="description",
)
class Committee(EditorialSnippet):
    plan = plan_field("committees")
    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("descripción"), blank=True)

    base_form_class = PlanScopedForm

    panels = [
        FieldPanel("plan"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("plan_id"),
        index.FilterField("live"),
    ]

    translated_fields = ("name", "description")
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_committee_slug_locale"
            ),
        ]
        verbose_name = _("comité")
        verbose_name_plural = _("comités")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cms_blocks:committee_detail", kwargs={"slug": self.slug})

    preview_template = "cms_blocks/pages/committee_detail.html"


@public_kind(
    order=30,
    menu_order=50,
    search_kind="integrante",
    label=_("Integrante del comité"),
    label_plural=_("Integrantes del comité"),
    api="committee-members",
    plan_path="committee__plan",
)
class CommitteeMember(EditorialSnippet):
    """A member, with public-role fields only: no private contact data is stored."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("comité"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("nombre"), max_length=200)
    sector = models.CharField(
        _("sector"), max_length=120, help_text=_("Sector al que representa, p. ej. «Academia».")
    )
    role = models.CharField(
        _("rol"),
        max_length=120,
        blank=True,
        default="Integrante",
        help_text=_("p. ej. «Integrante»."),
    )
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    panels = [
        FieldPanel("committee"),
        FieldPanel("name"),
        FieldPanel("sector"),
        FieldPanel("role"),
        FieldPanel("sort_order"),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("sector", boost=2),
        index.SearchField("role"),
        index.FilterField("committee_id"),
        index.FilterField("live"),
    ]

    translated_fields = ("role",)

    class Meta(EditorialSnippet.Meta):
        ordering = ["committee", "sort_order", "name"]
        verbose_name = _("integrante del comité")
        verbose_name_plural = _("integrantes del comité")

    def __str__(self):
        return f"{self.name} ({self.sector})"

    def get_absolute_url(self):
        return self.committee.get_absolute_url()
