"""The micrositio's page types and the entity's contact settings."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import AbstractGroupApprovalTask, Page, PageViewRestriction
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
        from .languages import fallback_crumbs, is_fallback

        if is_fallback(self):  # the Spanish page under /en/: its trail stays in English URLs
            crumbs = fallback_crumbs(crumbs, self)
        return crumbs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs() if self.depth > 2 else []
        return context

    def get_view_restrictions(self):
        """Wagtail's queryset; on a page routed from the cache (``home.fragments``), already
        evaluated with the restrictions kept with it, so that serving it costs no query. Any
        other use of the queryset (``order_by``, ``filter``) queries the database as usual."""
        kept = self.__dict__.get("_kept_view_restrictions")
        if kept is None:
            return super().get_view_restrictions()
        restrictions = PageViewRestriction.objects.filter(pk__in=[r.pk for r in kept])
        restrictions._result_cache = list(kept)
        restrictions._prefetch_done = True
        return restrictions


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

    @property
    def localized(self):
        """Wagtail's ``Page.localized`` (this home page in the active language, or itself), from
        the translations kept with the site's root page in the cache (``home.fragments``): the
        routing of an English request costs no query."""
        kept = self.__dict__.get("_kept_translations")
        if kept is None:
            return super().localized
        localized = kept.get(translation.get_language())
        # As Wagtail's: a translation still in draft (submitted, not approved) is not served.
        return localized if localized is not None and localized.live else self

    def route(self, request, path_components):
        """Wagtail's routing, with the routed page read from the per-site cache
        (``home.fragments.routed_page``): the page below the site's root costs no query.

        Below a translated home page (the English one), a path that its tree lacks (or whose
        English page is still a draft) is routed in the Spanish tree: a page not translated
        yet is served in Spanish, with the notice that says so (``home.languages``), instead
        of a 404; and a Spanish address whose page has an English version under another slug
        serves that version. The answer is kept under the English path too, so that a
        fallback costs no more queries than the Spanish page."""
        if not path_components:
            return super().route(request, path_components)
        from .fragments import routed_page

        source = self.source_home()
        if source is None:
            return routed_page(
                self,
                path_components,
                lambda: super(HomePage, self).route(request, path_components),
            )

        def in_this_tree_or_the_source():
            try:
                return super(HomePage, self).route(request, path_components)
            except Http404:
                pass
            result = source.route(request, path_components)
            page, args, kwargs = result
            version = (
                Page.objects.filter(
                    translation_key=page.translation_key,
                    locale_id=self.locale_id,
                    live=True,
                    alias_of__isnull=True,
                )
                .exclude(live_revision__isnull=True)
                .specific()
                .first()
            )
            if version is None:
                return result
            return version.route(request, [])

        return routed_page(self, path_components, in_this_tree_or_the_source)

    def source_home(self):
        """The Spanish home page this one translates (None for the Spanish one itself)."""
        from .languages import default_language, locale_codes

        if locale_codes().get(self.locale_id, default_language()) == default_language():
            return None
        kept = self.__dict__.get("_kept_translations")
        if kept is not None and default_language() in kept:
            return kept[default_language()]
        from wagtail.models import Locale

        default = Locale.objects.filter(language_code=default_language()).first()
        return self.get_translation_or_none(default) if default else None

    class Meta:
        verbose_name = _("página de inicio")
        verbose_name_plural = _("páginas de inicio")


class ContentPageTag(TaggedItemBase):
    """A tag on a content page: the same tags as commitments' (taggit's ``Tag``), so that
    ``/etiquetas/<tag>/`` lists both."""

    content_object = ParentalKey(
        "home.ContentPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ContentPage(BasePage):
    """A general page composed of StreamField blocks."""

    tags = ClusterTaggableManager(through=ContentPageTag, blank=True, verbose_name=_("etiquetas"))

    content_panels = BasePage.content_panels + [FieldPanel("tags")]
    # Tags are searched (the public search shows them as a fact: search.indexing.PAGES).
    search_fields = BasePage.search_fields + [
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]
    subpage_types = ["home.ContentPage"]
    parent_page_types = ["home.HomePage", "home.ContentPage", "home.ActionPlanPage"]

    @cached_property
    def action_plan(self):
        """The plan of the nearest action plan page above this one (None outside any): what
        this page's blocks list, unless a block names its plan."""
        from cms_blocks.models import ActionPlan

        from .fragments import plan_page_plan_id  # cached per place in the tree

        plan_id = plan_page_plan_id(self)
        return ActionPlan.objects.filter(pk=plan_id).first() if plan_id is not None else None

    class Meta:
        verbose_name = _("página de contenido")
        verbose_name_plural = _("páginas de contenido")


class ActionPlanPage(BasePage):
    """The page of an action plan: the plan (an extension snippet, ``cms_blocks.ActionPlan``,
    with its metadata and everything scoped to it) plus the page's own StreamField content.

    The blocks on this page, and on the content pages below it, list the plan's commitments,
    figures, committee and reports (``action_plan``)."""

    plan = models.ForeignKey(
        "cms_blocks.ActionPlan",
        verbose_name=_("plan de acción"),
        null=True,
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_("El plan que esta página presenta: sus datos, ejes y compromisos."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("plan"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.RelatedFields(
            "plan", [index.SearchField("jurisdiction"), index.SearchField("prologue")]
        ),
    ]
    subpage_types = ["home.ContentPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")

    @property
    def action_plan(self):
        """The plan this page presents (what its blocks list)."""
        return self.plan

    def with_content_json(self, content):
        # A revision from before the plan moved to the extension has no ``plan``: keep it.
        page = super().with_content_json(content)
        if "plan" not in content:
            page.plan_id = self.plan_id
        return page

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.plan_id is None:
            raise ValidationError({"plan": _("Elija el plan de acción que presenta la página.")})

    def get_context(self, request, *args, **kwargs):
        from cms_blocks import queries
        from cms_blocks.plans import plan_context, plan_of_page

        context = super().get_context(request, *args, **kwargs)
        plan = plan_of_page(self)  # None while the plan is not published
        if plan is not None:
            context.update(plan_context(request, plan))
            # The axes of work are the plan's Axis rows (also the commitments' filter): listed
            # from there, never typed again in the body.
            context["axes"] = list(queries.axes(plan))
        return context


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
    transparency_url = models.CharField(
        _("«Transparencia y acceso a la información pública» (enlace)"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_(
            "La sección de transparencia de la entidad (Ley 1712 de 2014). Una dirección "
            "https://… o una ruta de este sitio. Vacío: el pie de página no la enlaza."
        ),
    )
    pqrsd_url = models.CharField(
        _("PQRSD (enlace)"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_(
            "Donde se radican peticiones, quejas, reclamos, sugerencias y denuncias. Una "
            "dirección https://… o una ruta de este sitio."
        ),
    )
    relay_center_url = models.CharField(
        _("Centro de Relevo (enlace)"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_(
            "Si la entidad lo ofrece, la barra de accesibilidad enlaza el Centro de Relevo "
            "para personas sordas, p. ej. https://centroderelevo.gov.co/. Vacío: no se muestra."
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
        FieldPanel("transparency_url"),
        FieldPanel("pqrsd_url"),
        FieldPanel("relay_center_url"),
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
