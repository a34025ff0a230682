"""The independent monitor's reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..registry import public_kind
from ..sanitize import SanitizedRichTextField
from .base import EditorialSnippet
from .plans import PlanScopedForm, plan_field


@public_kind(
    order=20,
    menu_order=90,
    search_kind="informe",
    label=_("Informe del monitor"),
    label_plural=_("Informes del monitor"),
    sitemap=True,
    sitemap_list="cms_blocks:report_list",
    feed_summary="summary",
    api="reports",
)
class MonitorReport(EditorialSnippet):
    class Moment(models.TextChoices):
        COCREATION = "cocreation", _("Proceso de cocreación (informe inicial)")
        RESULTS = "results", _("Resultados de los compromisos (informe final)")
        LEARNING = "learning", _("Ejercicio final de aprendizaje")

    plan = plan_field("monitor_reports")
    title = models.CharField(_("título"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120)
    monitor = models.ForeignKey(
        "cms_blocks.Institution",
        verbose_name=_("organismo de monitoreo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    authors = models.CharField(_("autores"), max_length=300, blank=True)
    moment = models.CharField(_("momento"), max_length=20, choices=Moment.choices)
    date = models.DateField(_("fecha"), null=True, blank=True)
    commitment = models.ForeignKey(
        "cms_blocks.Commitment",
        verbose_name=_("compromiso evaluado"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitor_reports",
    )
    summary = SanitizedRichTextField(
        _("resumen"), features=["bold", "italic", "link", "ol", "ul", "h3"], blank=True
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("documento"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(_("enlace externo"), blank=True)

    base_form_class = PlanScopedForm

    panels = [
        FieldPanel("plan"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("monitor"), FieldPanel("moment")]),
        FieldRowPanel([FieldPanel("authors"), FieldPanel("date")]),
        FieldPanel("commitment"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("external_url")]),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("is_illustrative")], heading=_("Procedencia")
        ),
    ]
    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("authors", boost=2),
        index.SearchField("summary"),
        index.RelatedFields("monitor", [index.SearchField("name")]),
        index.FilterField("moment"),
        index.FilterField("plan_id"),
        index.FilterField("live"),
    ]

    translated_fields = ("title", "summary")
    unique_per_locale = ("slug",)

    class Meta(EditorialSnippet.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="cms_blocks_monitorreport_slug_locale"
            ),
        ]
        ordering = ["moment", "-date", "title"]
        verbose_name = _("informe del monitor")
        verbose_name_plural = _("informes del monitor")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cms_blocks:report_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.commitment_id and self.plan_id and self.commitment.plan_id != self.plan_id:
            raise ValidationError(
                {
                    "commitment": _(
                        "El compromiso evaluado pertenece a otro plan de acción: elija uno de "
                        "este plan."
                    )
                }
            )

    preview_template = "cms_blocks/pages/report_detail.html"
