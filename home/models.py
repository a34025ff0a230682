"""The micrositio's page types and the entity's contact settings."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.fields import StreamField
from cms_blocks.validators import validate_link


class BasePage(Page):
    """Fields every micrositio page has."""

    intro = models.TextField(_("introducción"), blank=True, max_length=600)
    body = StreamField(CONTENT_BLOCKS, blank=True, verbose_name=_("contenido"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    def get_breadcrumbs(self):
        from .fragments import ancestor_crumbs  # cached: the ancestors of every page's trail

        crumbs = list(ancestor_crumbs(self))
        crumbs.append((self.title, None))
        return crumbs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs() if self.depth > 2 else []
        return context


class HomePage(BasePage):
    """The micrositio's landing page."""

    motto = models.CharField(_("lema"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("motto"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    subpage_types = ["home.ActionPlanPage", "home.ContentPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("página de inicio")
        verbose_name_plural = _("páginas de inicio")


class ContentPage(BasePage):
    """A general page composed of StreamField blocks."""

    subpage_types = ["home.ContentPage"]
    parent_page_types = ["home.HomePage", "home.ContentPage", "home.ActionPlanPage"]

    class Meta:
        verbose_name = _("página de contenido")
        verbose_name_plural = _("páginas de contenido")


class ActionPlanPage(BasePage):
    """The action plan: its metadata plus StreamField content."""

    jurisdiction = models.CharField(_("jurisdicción"), max_length=200)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    submitted_on = models.DateField(_("fecha de presentación (según el plan)"))
    ogp_submitted_on = models.DateField(
        _("fecha de presentación (según OGP)"), null=True, blank=True
    )
    ogp_date_source = models.CharField(_("fuente de la fecha de OGP"), max_length=300, blank=True)
    motto = models.CharField(_("lema"), max_length=200, blank=True)
    prologue = RichTextField(
        _("prólogo"), features=["bold", "italic", "link", "ol", "ul"], blank=True
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
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
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("prologue"),
        index.SearchField("jurisdiction"),
    ]
    subpage_types = ["home.ContentPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")

    def get_context(self, request, *args, **kwargs):
        from cms_blocks.models import Axis

        context = super().get_context(request, *args, **kwargs)
        # The axes of work are Axis rows (also the commitments' filter): listed from there,
        # never typed again in the body.
        context["axes"] = Axis.objects.all()
        return context

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("El fin del periodo no puede ser anterior al inicio.")}
            )


@register_setting(icon="mail")
class EntitySettings(BaseSiteSetting):
    """Contact details shown in every page's footer."""

    entity_name = models.CharField(
        _("nombre de la entidad"),
        max_length=200,
        default="Alcaldía Distrital de Cartagena de Indias",
    )
    address = models.CharField(_("dirección de atención"), max_length=300, blank=True)
    opening_hours = models.CharField(_("horario de atención"), max_length=300, blank=True)
    phone = models.CharField(_("teléfono"), max_length=100, blank=True)
    email = models.EmailField(_("correo de contacto"), blank=True)
    judicial_notifications = models.CharField(
        _("dirección para notificaciones judiciales"), max_length=300, blank=True
    )
    website = models.URLField(_("sitio web de la entidad"), blank=True)
    data_policy_url = models.CharField(
        _("política de tratamiento de datos (enlace)"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("Una dirección https://… o una ruta de este sitio, como /politica-de-datos/."),
    )
    site_description = models.CharField(
        _("descripción del micrositio"),
        max_length=160,
        default=(
            "Plan de Acción de Gobierno Abierto de Cartagena de Indias: compromisos, "
            "cocreación, comité ciudadano de seguimiento y monitoreo independiente."
        ),
        help_text=_(
            "Hasta 160 caracteres. Es la descripción que ven los buscadores en las páginas "
            "que no tienen una propia (listas, búsqueda, formularios)."
        ),
    )
    contact_is_illustrative = models.BooleanField(
        _("los datos de contacto son ilustrativos"),
        default=False,
        help_text=_("Desmárquelo cuando la entidad haya confirmado los datos."),
    )

    panels = [
        FieldPanel("entity_name"),
        FieldPanel("site_description"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("judicial_notifications"),
        FieldPanel("website"),
        FieldPanel("data_policy_url"),
        FieldPanel("contact_is_illustrative"),
    ]

    class Meta:
        verbose_name = _("datos de la entidad")

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but read through the per-site cache (``home.fragments``)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            from wagtail.models import Site

            from .fragments import entity_settings

            site = Site.find_for_request(request)
            if site is None:
                raise cls.DoesNotExist(f"{cls} does not exist for site None.")
            instance = entity_settings(cls, site)
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


class ReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, but sending back ("request changes") needs a comment.

    Members of the chosen groups approve (which publishes, at the last task) or send back
    with a reason that the author receives by e-mail and sees in the admin.
    """

    class Meta:
        verbose_name = _("aprobación por grupo (devolver exige comentario)")
        verbose_name_plural = _("aprobaciones por grupo (devolver exige comentario)")

    @classmethod
    def get_description(cls):
        return _(
            "Los integrantes de los grupos elegidos aprueban (y así publican) o devuelven "
            "el contenido con un comentario obligatorio."
        )

    def start(self, workflow_state, user=None):
        # The task reviews the object's latest revision. When an author resubmits a sent-back
        # snippet, Wagtail 7.4's generic edit view resumes the workflow with the object it
        # loaded before saving the new revision, so the task would review the rejected one:
        # read the latest revision from the database instead.
        obj = workflow_state.content_object
        if obj is not None and obj.pk is not None:
            obj.refresh_from_db(fields=["latest_revision"])
        return super().start(workflow_state, user=user)

    def get_form_for_action(self, action):
        if action == "reject":
            from .forms import SendBackForm

            return SendBackForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The modal form already requires the comment; this also refuses a crafted request
        # (e.g. the editor's "workflow-action-extra-data" posted without one).
        if action_name == "reject" and not str(kwargs.get("comment") or "").strip():
            raise PermissionDenied("Sending back requires a comment.")
        return super().on_action(task_state, user, action_name, **kwargs)
