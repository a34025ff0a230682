"""Admin for the snippets: Wagtail's SnippetViewSet with filters, search and CSV/XLSX export."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, PublishingPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    ActionPlan,
    Axis,
    CoCreationFigure,
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    Institution,
    MonitorReport,
    ParticipantGroup,
)
from .registry import admin_kinds

# model → its admin viewset (the last subclass declared for a model wins).
VIEWSETS_BY_MODEL = {}


class PublicKindViewSet(SnippetViewSet):
    """A registered kind's admin: each subclass with a ``model`` is that model's viewset, placed
    in the «Gobierno abierto» menu by the registry (``cms_blocks.registry``, ``menu_order``)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None:
            VIEWSETS_BY_MODEL[cls.model] = cls


def registered_viewsets():
    """The viewsets of every registered kind, in the admin menu's order."""
    viewsets = []
    for kind in admin_kinds():
        viewset = VIEWSETS_BY_MODEL.get(kind.model)
        if viewset is None:
            raise LookupError(f"{kind.model.__name__} is a public kind but has no viewset")
        viewsets.append(viewset)
    return tuple(viewsets)


class EditorialSnippetViewSet(PublicKindViewSet):
    """An editorial snippet's admin: the model's panels plus Wagtail's publishing schedule
    (go-live and expiry dates, set in the "schedule publishing" dialog and approved with the
    rest of the draft).

    The listing's search is the model's own search index (``Model.search_fields``), so no
    ``search_fields`` here: on SQLite, Wagtail's database backend takes a viewset's field
    list as FTS column names, which do not exist (``no such column``).
    """

    def get_edit_handler(self):
        panels = list(getattr(self.model, "panels", []))
        if panels and not any(isinstance(panel, PublishingPanel) for panel in panels):
            return ObjectList([*panels, PublishingPanel()]).bind_to_model(self.model)
        return super().get_edit_handler()


class ActionPlanViewSet(EditorialSnippetViewSet):
    model = ActionPlan
    icon = "doc-full"
    menu_label = _("Planes de acción")
    list_display = ["title", "jurisdiction", "period_start", "period_end", "live"]
    list_filter = ["live"]
    list_export = [
        "title",
        "slug",
        "jurisdiction",
        "period_start",
        "period_end",
        "submitted_on",
        "ogp_submitted_on",
        "source",
    ]
    export_filename = "planes-de-accion"
    ordering = ["-period_start"]


class InstitutionViewSet(EditorialSnippetViewSet):
    model = Institution
    icon = "site"
    menu_label = _("Instituciones")
    list_display = ["name", "role", "live"]
    list_filter = ["role", "live"]
    list_export = ["name", "slug", "role", "role_description", "website", "source"]
    export_filename = "instituciones"
    ordering = ["sort_order", "name"]


class AxisViewSet(PublicKindViewSet):
    model = Axis
    icon = "folder-open-1"
    menu_label = _("Ejes de trabajo")
    list_display = ["name", "sort_order", "plan"]
    search_fields = ["name", "description"]
    list_filter = ["plan"]
    list_export = ["plan", "name", "slug", "description", "sort_order"]
    export_filename = "ejes"


class CommitmentViewSet(EditorialSnippetViewSet):
    model = Commitment
    icon = "tick-inverse"
    menu_label = _("Compromisos")
    list_display = ["__str__", "axis", "lead_institution", "status", "progress", "plan", "live"]
    list_filter = [
        "plan",
        "axis",
        "status",
        "lead_institution",
        "monitor_completion",
        "live",
        "is_illustrative",
    ]
    list_export = [
        "plan",
        "code",
        "title",
        "slug",
        "axis",
        "lead_institution",
        "start_date",
        "end_date",
        "status",
        "progress",
        "monitor_completion",
        "is_illustrative",
        "source",
    ]
    export_filename = "compromisos"
    list_per_page = 50


class CommitteeViewSet(EditorialSnippetViewSet):
    model = Committee
    icon = "group"
    menu_label = _("Comités")
    list_display = ["name", "plan", "live"]
    list_filter = ["plan"]
    list_export = ["plan", "name", "slug", "description", "source"]
    export_filename = "comites"


class CommitteeMemberViewSet(EditorialSnippetViewSet):
    model = CommitteeMember
    icon = "user"
    menu_label = _("Integrantes del comité")
    list_display = ["name", "sector", "role", "committee", "live"]
    list_filter = ["committee__plan", "committee", "sector", "live"]
    list_export = ["name", "sector", "role", "committee", "source"]
    export_filename = "integrantes-comite"


class CoCreationFigureViewSet(EditorialSnippetViewSet):
    model = CoCreationFigure
    icon = "order"
    menu_label = _("Cifras de cocreación")
    list_display = ["label", "display_value", "plan", "live"]
    list_filter = ["plan", "live"]
    list_export = ["plan", "label", "qualifier", "value", "description", "source"]
    export_filename = "cifras-cocreacion"


class ParticipantGroupViewSet(EditorialSnippetViewSet):
    model = ParticipantGroup
    icon = "group"
    menu_label = _("Grupos participantes")
    list_display = ["name", "plan", "live"]
    list_filter = ["plan", "live"]
    list_export = ["plan", "name", "description", "source"]
    export_filename = "grupos-participantes"


class ConsultationViewSet(EditorialSnippetViewSet):
    model = Consultation
    icon = "pick"
    menu_label = _("Consultas")
    list_display = ["title", "opens_at", "closes_at", "plan", "live"]
    list_filter = ["plan", "results_visibility", "live"]
    list_export = [
        "plan",
        "title",
        "slug",
        "question",
        "opens_at",
        "closes_at",
        "max_choices",
        "source",
    ]
    export_filename = "consultas"


class MonitorReportViewSet(EditorialSnippetViewSet):
    model = MonitorReport
    icon = "doc-full-inverse"
    menu_label = _("Informes del monitor")
    list_display = ["title", "moment", "monitor", "date", "plan", "live"]
    list_filter = ["plan", "moment", "monitor", "live"]
    list_export = [
        "plan",
        "title",
        "slug",
        "moment",
        "monitor",
        "authors",
        "date",
        "external_url",
        "source",
    ]
    export_filename = "informes-monitor"


class InitiativeViewSet(EditorialSnippetViewSet):
    model = Initiative
    icon = "link"
    menu_label = _("Iniciativas")
    list_display = ["title", "kind", "live"]
    list_filter = ["kind", "live"]
    list_export = ["title", "slug", "kind", "summary", "url", "email", "source"]
    export_filename = "iniciativas"


class OpenGovernmentViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Gobierno abierto")
    menu_icon = "folder-inverse"
    menu_order = 200
    items = registered_viewsets()
