"""Wagtail admin view: import commitments and milestones from CSV (upload → preview → confirm).

Only users who may add commitments reach it. The import goes into the action plan chosen in
the form (every plan, drafts included; the current one preselected). The preview is a dry run;
the confirmation re-reads the same files and the same plan choice, checks that what it would do
did not change meanwhile, and writes it all or nothing. What is imported stays a draft until a
reviewer publishes it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ActionPlan
from ..plans import current_plan
from .importers import MAX_FILE_BYTES, CommitmentImport, ImportFailed

PERMISSION = "cms_blocks.add_commitment"


def can_import(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


def plan_choices():
    """Every action plan, drafts included, the newest first."""
    return ActionPlan.objects.order_by("-period_start", "-pk")


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.live:
            return obj.title
        return _("%(title)s (sin publicar)") % {"title": obj.title}


class UploadForm(forms.Form):
    action_plan = PlanChoiceField(
        queryset=plan_choices(),
        label=gettext_lazy("Plan de acción"),
        empty_label=None,
        help_text=gettext_lazy(
            "Los compromisos nuevos se crean en este plan y los ejes de la columna «eje» se "
            "buscan en él. Un compromiso que ya existe en otro plan no se cambia de plan."
        ),
    )
    commitments = forms.FileField(
        label=gettext_lazy("Compromisos (compromisos.csv)"),
        required=False,
        help_text=gettext_lazy("El archivo «compromisos.csv» de /datos/, editado."),
    )
    milestones = forms.FileField(
        label=gettext_lazy("Hitos (hitos.csv)"),
        required=False,
        help_text=gettext_lazy(
            "El archivo «hitos.csv» de /datos/. Si lo sube, contiene la lista completa de hitos "
            "de cada compromiso que aparece en cualquiera de los dos archivos."
        ),
    )

    def clean(self):
        data = super().clean()
        if not data.get("commitments") and not data.get("milestones"):
            raise forms.ValidationError(_("Suba al menos un archivo: compromisos o hitos."))
        for name in ("commitments", "milestones"):
            upload = data.get(name)
            if upload is not None and upload.size > MAX_FILE_BYTES:
                self.add_error(
                    name,
                    _("El archivo pesa más de %(mb)s MB.")
                    % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
                )
        return data


class ConfirmForm(forms.Form):
    action_plan = forms.ModelChoiceField(queryset=plan_choices(), widget=forms.HiddenInput)
    commitments_text = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    milestones_text = forms.CharField(required=False, widget=forms.HiddenInput, strip=False)
    has_commitments = forms.BooleanField(required=False, widget=forms.HiddenInput)
    has_milestones = forms.BooleanField(required=False, widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput)


class ImportCommitmentsView(WagtailAdminTemplateMixin, View):
    template_name = "cms_blocks/opendata/admin_import.html"
    page_title = gettext_lazy("Importar compromisos e hitos")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def new_upload_form(self, action_plan=None):
        """An empty upload form, with ``action_plan`` (or the current plan) preselected."""
        chosen = action_plan or current_plan(self.request)
        return UploadForm(initial={"action_plan": chosen.pk} if chosen else None)

    def render(self, **context):
        if "upload_form" not in context:
            job = context.get("job")
            context["upload_form"] = self.new_upload_form(job.action_plan if job else None)
        context["max_mb"] = MAX_FILE_BYTES // (1024 * 1024)
        context["datos_url"] = reverse("cms_blocks:opendata_index")
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))

    def get(self, request):
        return self.render()

    def post(self, request):
        if request.POST.get("action") == "confirm":
            return self.confirm(request)
        return self.preview(request)

    def preview(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(upload_form=form)
        contents = {
            name: form.cleaned_data[name].read() if form.cleaned_data.get(name) else None
            for name in ("commitments", "milestones")
        }
        job = CommitmentImport(
            contents["commitments"],
            contents["milestones"],
            user=request.user,
            action_plan=form.cleaned_data["action_plan"],
        )
        job.validate()
        context = {"job": job}
        if job.ok:
            context["confirm_form"] = ConfirmForm(
                initial={
                    "action_plan": job.action_plan.pk,
                    "commitments_text": job.sources.get("compromisos", ""),
                    "milestones_text": job.sources.get("hitos", ""),
                    "has_commitments": "compromisos" in job.sources,
                    "has_milestones": "hitos" in job.sources,
                    "digest": job.digest(),
                }
            )
        return self.render(**context)

    def confirm(self, request):
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("La confirmación no es válida; suba los archivos de nuevo."))
            return redirect("cms_blocks_import_commitments")
        data = form.cleaned_data
        job = CommitmentImport(
            data["commitments_text"] if data["has_commitments"] else None,
            data["milestones_text"] if data["has_milestones"] else None,
            user=request.user,
            action_plan=data["action_plan"],
        )
        if job.validate() and job.digest() != data["digest"]:
            messages.error(
                request,
                _(
                    "El contenido cambió desde la vista previa. Revise la nueva vista previa "
                    "antes de confirmar."
                ),
            )
            return self.render(job=job, confirm_form=None)
        try:
            summary = job.apply()
        except ImportFailed:
            messages.error(
                request, _("No se importó nada: corrija los errores y vuelva a intentarlo.")
            )
            return self.render(job=job)
        messages.success(
            request,
            _(
                "Importación terminada. Compromisos nuevos: %(create)s · con una nueva revisión: "
                "%(update)s · sin cambios: %(unchanged)s. Lo importado es un borrador: envíelo a "
                "revisión para publicarlo."
            )
            % summary,
        )
        try:
            return redirect(reverse("wagtailsnippets_cms_blocks_commitment:list"))
        except NoReverseMatch:  # pragma: no cover - the snippet viewset is always registered
            return redirect("wagtailadmin_home")
