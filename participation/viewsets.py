"""Admin for reports of irregularities: only the restricted group and superusers.

Wagtail's ModelViewSet brings listing, filters, editing and CSV/XLSX export. Its permission
policy requires both the model permission *and* membership in «Gestores de denuncias
(Transparencia)» (or being a superuser), so a group that happens to hold every permission still
does not see the reports. Every URL of the viewset answers 403 to anyone else, and the menu item
is hidden from them.
"""

from functools import wraps

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .models import Report, ReportAttachment, ReportStatus
from .roles import REPORT_MANAGERS_GROUP, is_report_manager


class ReportPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "add":  # reports come only from citizens, through the public form
            return False
        return is_report_manager(user) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        from django.db.models import Q

        return (
            super()
            .users_with_any_permission(actions)
            .filter(Q(is_superuser=True) | Q(groups__name=REPORT_MANAGERS_GROUP))
            .distinct()
        )


def forbidden(request):
    return TemplateResponse(request, "participation/admin/forbidden.html", status=403)


def managers_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_report_manager(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


class AttachmentsPanel(Panel):
    """Links to download the report's attachments (through the permission-checked view)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "participation/admin/attachments_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["attachments"] = (
                list(self.instance.attachments.all()) if self.instance.pk else []
            )
            return context


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Denuncias")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "denuncias"
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None  # the database, not the site's search index
    search_fields = ["tracking_code", "description", "subject_work"]
    list_display = ["tracking_code", "received_on", "status_label", "kind_label", "subject_label"]
    list_filter = ["status", "is_anonymous", "received_on"]
    list_export = [
        "tracking_code",
        "received_on",
        "status_label",
        "kind_label",
        "subject_label",
        "description",
        "attachment_count",
        "public_answer",
        "updated_at",
    ]
    export_headings = {
        "tracking_code": _("Radicado"),
        "received_on": _("Recibida el"),
        "status_label": _("Estado"),
        "kind_label": _("Tipo"),
        "subject_label": _("Asunto"),
        "description": _("Descripción"),
        "attachment_count": _("Adjuntos"),
        "public_answer": _("Respuesta pública"),
        "updated_at": _("Última actualización"),
    }
    export_filename = "denuncias"
    ordering = ["-received_on", "-id"]
    list_per_page = 50

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("tracking_code", read_only=True),
                        FieldPanel("received_on", read_only=True),
                    ]
                ),
                FieldPanel("subject_commitment", read_only=True),
                FieldPanel("subject_work", read_only=True),
                FieldPanel("description", read_only=True),
                AttachmentsPanel(heading=_("Adjuntos")),
            ],
            heading=_("La denuncia"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_anonymous", read_only=True),
                FieldPanel("reporter_name", read_only=True),
                FieldPanel("reporter_email", read_only=True),
                FieldPanel("reporter_phone", read_only=True),
            ],
            heading=_("Quien denuncia"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("public_answer"),
                FieldPanel("internal_notes"),
            ],
            heading=_("Trámite"),
        ),
    ]

    @cached_property
    def permission_policy(self):
        return ReportPermissionPolicy(self.model)

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            Report.objects.select_related("subject_commitment")
            .annotate(attachment_total=Count("attachments"))
            .order_by("-received_on", "-id")
        )

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns() + [
            path("adjunto/<int:pk>/", self.attachment_view, name="attachment"),
        ]
        return decorate_urlpatterns(urlpatterns, managers_only)

    def attachment_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            return forbidden(request)
        attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("El archivo ya no existe.")) from None
        content_type = {
            ReportAttachment.Kind.PDF: "application/pdf",
            ReportAttachment.Kind.JPEG: "image/jpeg",
            ReportAttachment.Kind.PNG: "image/png",
            ReportAttachment.Kind.WEBP: "image/webp",
        }[attachment.kind]
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.download_name, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


__all__ = ["ReportStatus", "ReportViewSet"]
