"""Public views: voting in a consultation, and reporting irregularities (denuncias)."""

import csv
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from cms_blocks import queries
from cms_blocks.context import consultation_context, home_crumb
from cms_blocks.public_urls import public_url

from . import notifications, ratelimit
from .attachments import LimitedUploadHandler, UploadLimits
from .ballot_box import mix_size
from .forms import BallotForm, ReportForm, StatusLookupForm, VoteRequestForm
from .models import Report, ReportAttachment
from .policy import data_policy_url
from .voting import (
    VoteRefused,
    cast_vote,
    check_not_voted,
    check_open,
    counted_votes,
    has_voted,
    make_link_token,
    online_figures,
    read_link_token,
)

RECEIPT_SESSION_KEY = "participation_receipt"

# -- the consultation page ----------------------------------------------------------------------


def _vote_state(consultation):
    if consultation.is_open():
        return "open"
    return "closed" if consultation.is_closed() else "not_open"


def vote_context(request, consultation, form=None):
    """What the consultation page adds: the voting form (or why there is none) and downloads."""
    visible = consultation.results_visible()
    counted, pending = online_figures(consultation) if visible else (None, None)
    return {
        "vote_state": _vote_state(consultation),
        "vote_form": form or VoteRequestForm(policy_url=data_policy_url(request)),
        "online_participants": counted,
        "online_pending": pending,
        "ballot_mix_size": mix_size(),
        "results_downloads": visible,
    }


def consultation_page_extension(request, consultation):
    """Registered with cms_blocks.extensions: fills the page's action and results blocks."""
    return {
        "template_name": "participation/consultation_detail.html",
        **vote_context(request, consultation),
    }


def _live_consultation(slug):
    return get_object_or_404(queries.consultations(), slug=slug)


def _render_consultation(request, consultation, form, status=200):
    context = consultation_context(consultation)
    context.update(vote_context(request, consultation, form))
    return render(request, "participation/consultation_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def vote_request(request, slug):
    """Step 1: e-mail (+ optional document) and consent → a one-time link by e-mail."""
    consultation = _live_consultation(slug)
    if request.method != "POST":
        return redirect(consultation.get_absolute_url() + "#votar")
    form = VoteRequestForm(request.POST, policy_url=data_policy_url(request))
    try:
        check_open(consultation)
    except VoteRefused as refusal:
        form.is_valid()
        form.add_error(None, refusal.message)
        return _render_consultation(request, consultation, form, status=403)
    if not ratelimit.hit_ip("vote_link_ip", request):
        form.is_valid()
        form.add_error(None, too_many_requests_message())
        return _render_consultation(request, consultation, form, status=429)
    if not form.is_valid():
        return _render_consultation(request, consultation, form)
    email = form.cleaned_data["email"]
    if not ratelimit.hit("vote_link_email", f"{consultation.pk}:{email.lower()}"):
        form.add_error(
            "email",
            _(
                "Ya pedimos varios enlaces para este correo en la última hora. Revise su bandeja "
                "de entrada y la carpeta de correo no deseado, o intente más tarde."
            ),
        )
        return _render_consultation(request, consultation, form, status=429)
    if has_voted(consultation, email):
        sent = notifications.send_vote_link(consultation, email, "", already_voted=True)
    else:
        token = make_link_token(consultation.pk, email, form.cleaned_data["document"])
        link_url = public_url(reverse("participation:ballot", args=[consultation.slug, token]))
        sent = notifications.send_vote_link(consultation, email, link_url)
    if not sent:
        form.add_error(
            None,
            _(
                "No pudimos enviar el correo en este momento. Intente de nuevo en unos minutos; "
                "sus datos siguen en el formulario."
            ),
        )
        return _render_consultation(request, consultation, form, status=503)
    return redirect("participation:vote_link_sent", slug=consultation.slug)


def too_many_requests_message():
    return _(
        "Recibimos demasiadas solicitudes desde su conexión. Espere un rato e intente de nuevo; "
        "lo que escribió sigue en el formulario."
    )


def _crumbs(consultation, title):
    return [home_crumb(), (consultation.title, consultation.get_absolute_url()), (title, None)]


def _page(title, consultation=None, **context):
    context.update({"page_title": title})
    if consultation is not None:
        context.update({"consultation": consultation, "breadcrumbs": _crumbs(consultation, title)})
    return context


@require_safe
def vote_link_sent(request, slug):
    consultation = _live_consultation(slug)
    return render(
        request,
        "participation/vote/link_sent.html",
        _page(_("Revise su correo"), consultation, max_age_hours=notifications._link_hours()),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ballot(request, slug, token):
    """Step 2: the link from the e-mail opens the ballot; submitting it records the vote."""
    consultation = _live_consultation(slug)
    options = list(consultation.options.all())
    try:
        link = read_link_token(token, consultation)
        check_open(consultation)
        check_not_voted(link)
    except VoteRefused as refusal:
        return _refused(request, consultation, refusal)
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        options=options,
    )
    if request.method == "POST" and form.is_valid():
        try:
            cast_vote(consultation, link, form.cleaned_data["opciones"])
        except VoteRefused as refusal:
            if refusal.code in {"already_voted", "closed", "not_open"}:
                return _refused(request, consultation, refusal)
            form.add_error(None, refusal.message)
        else:
            return redirect("participation:vote_done", slug=consultation.slug)
    return render(
        request,
        "participation/vote/ballot.html",
        _page(
            _("Votar: %(title)s") % {"title": consultation.title},
            consultation,
            form=form,
            options=options,
            selected=form.selected(),
        ),
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _refused(request, consultation, refusal):
    status = {"expired": 410, "invalid": 400, "already_voted": 409}.get(refusal.code, 403)
    return render(
        request,
        "participation/vote/refused.html",
        _page(_("No es posible votar"), consultation, refusal=refusal.message, code=refusal.code),
        status=status,
    )


@require_safe
def vote_done(request, slug):
    consultation = _live_consultation(slug)
    return render(
        request,
        "participation/vote/done.html",
        _page(_("Su voto quedó registrado"), consultation),
    )


# -- results downloads ---------------------------------------------------------------------


def _results_rows(consultation):
    options = list(consultation.options.all())
    online = counted_votes(consultation, [o.pk for o in options]) if options else {}
    rows = []
    total = 0
    for option in options:
        reported = option.reported_votes or 0
        votes = reported + online.get(option.pk, 0)
        total += votes
        rows.append((option, reported, online.get(option.pk, 0), votes))
    return rows, total


def _visible_consultation(slug):
    consultation = _live_consultation(slug)
    if not consultation.results_visible():
        raise Http404(_("Los resultados se publicarán al cierre de la consulta."))
    return consultation


@require_safe
def results_csv(request, slug):
    consultation = _visible_consultation(slug)
    rows, total = _results_rows(consultation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resultados-{consultation.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "orden",
            "opcion",
            "votos_reportados",
            "votos_en_linea",
            "votos_total",
            "porcentaje",
            "ilustrativo",
        ]
    )
    for order, (option, reported, online, votes) in enumerate(rows, start=1):
        writer.writerow(
            [
                order,
                option.title,
                reported,
                online,
                votes,
                f"{100 * votes / total:.1f}" if total else "0.0",
                "si" if option.is_illustrative or consultation.is_illustrative else "no",
            ]
        )
    return response


@require_safe
def results_json(request, slug):
    consultation = _visible_consultation(slug)
    rows, total = _results_rows(consultation)
    counted, pending = online_figures(consultation)
    data = {
        "consulta": {
            "slug": consultation.slug,
            "titulo": consultation.title,
            "pregunta": consultation.question,
            "apertura": timezone.localtime(consultation.opens_at).isoformat(),
            "cierre": timezone.localtime(consultation.closes_at).isoformat(),
            "opciones_por_persona": consultation.max_choices,
            "participantes_reportados": consultation.reported_participants,
            "participantes_en_linea": counted,
            "votos_en_linea_por_contar": pending,
            "url": public_url(consultation.get_absolute_url()),
            "fuente": consultation.source,
            "ilustrativo": consultation.results_are_illustrative,
        },
        "resultados": [
            {
                "orden": order,
                "opcion": option.title,
                "votos_reportados": reported,
                "votos_en_linea": online,
                "votos_total": votes,
                "porcentaje": round(100 * votes / total, 1) if total else 0.0,
                "ilustrativo": option.is_illustrative or consultation.is_illustrative,
            }
            for order, (option, reported, online, votes) in enumerate(rows, start=1)
        ],
        "total_votos": total,
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="resultados-{consultation.slug}.json"'
    return response


# -- reports (denuncias) --------------------------------------------------------------------------


def _report_crumbs(title):
    return [home_crumb(), (title, None)]


@csrf_exempt  # CSRF is checked by _report_form, after the upload limits are in place
@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request):
    limits = UploadLimits()
    if request.method == "POST":
        # Before anything reads request.POST: oversized files are cut off while they stream.
        request.upload_handlers.insert(0, LimitedUploadHandler(request, limits))
    return _report_form(request, limits)


@csrf_protect
def _report_form(request, limits):
    policy_url = data_policy_url(request)
    title = _("Denunciar una irregularidad")
    status = 200
    if request.method != "POST":
        form = ReportForm(policy_url=policy_url)
    else:
        form = ReportForm(request.POST, request.FILES, policy_url=policy_url, upload_limits=limits)
        if not ratelimit.hit_ip("report_attempt_ip", request):
            form.is_valid()
            form.add_error(None, too_many_requests_message())
            status = 429
        elif form.is_valid():
            if not ratelimit.hit_ip("report_ip", request):
                form.add_error(None, too_many_requests_message())
                status = 429
            else:
                report = _save_report(request, form)
                request.session[RECEIPT_SESSION_KEY] = report.tracking_code
                return redirect("participation:report_received")
        else:
            status = 200
    return render(
        request,
        "participation/reports/form.html",
        {"form": form, "page_title": title, "breadcrumbs": _report_crumbs(title)},
        status=status,
    )


def _save_report(request, form):
    data = form.cleaned_data
    anonymous = form.is_anonymous
    checked = data["attachments"]
    with transaction.atomic():
        report = Report(
            subject_commitment=data.get("subject_commitment"),
            subject_work=data.get("subject_work", "").strip(),
            description=data["description"].strip(),
            is_anonymous=anonymous,
            reporter_name="" if anonymous else data.get("name", "").strip(),
            reporter_email="" if anonymous else data.get("email", ""),
            reporter_phone="" if anonymous else data.get("phone", ""),
            consent=True,
        )
        report.save()
        for attachment in checked:
            item = ReportAttachment(
                report=report, kind=attachment.kind, size=len(attachment.content)
            )
            item.file.save(
                f"adjunto.{attachment.extension}", ContentFile(attachment.content), save=False
            )
            item.save()
        status_url = public_url(reverse("participation:report_status"))
        transaction.on_commit(lambda: notifications.notify_new_report(report, len(checked)))
        transaction.on_commit(lambda: notifications.send_report_receipt(report, status_url))
    return report


@never_cache
@require_safe
def report_received(request):
    code = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not code:
        return redirect("participation:report_status")
    title = _("Denuncia recibida")
    return render(
        request,
        "participation/reports/received.html",
        {"code": code, "page_title": title, "breadcrumbs": _report_crumbs(title)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_status(request):
    """Status by tracking code (POST, so the code stays out of URLs and logs)."""
    title = _("Consultar una denuncia")
    report = None
    status = 200
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if not ratelimit.hit_ip("report_status_ip", request):
            form.is_valid()
            form.add_error(None, too_many_requests_message())
            status = 429
        elif form.is_valid():
            report = (
                Report.objects.filter(tracking_code=form.cleaned_data["code"])
                .only("tracking_code", "received_on", "updated_at", "status", "public_answer")
                .first()
            )
            if report is None:
                form.add_error(
                    "code",
                    _(
                        "No encontramos una denuncia con ese código. Revise que esté completo y "
                        "sin errores."
                    ),
                )
                status = 404
    else:
        form = StatusLookupForm()
    return render(
        request,
        "participation/reports/status.html",
        {
            "form": form,
            "report": report,
            "statuses": Report.Status.choices,
            "page_title": title,
            "breadcrumbs": _report_crumbs(title),
        },
        status=status,
    )
