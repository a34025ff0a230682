"""Public views of «Seguir este compromiso».

The commitment page (served from the anonymous page cache) only links to the follow page.
The follow page, the confirmation and the management pages use CSRF tokens, so the page cache
never keeps them; the pages reached through a token are ``never_cache`` as well (they are
one person's). The one-click unsubscribe (RFC 8058) is a POST with no CSRF token and no login:
the token in its URL is all it takes. No page shows an address.
"""

import logging

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from cms_blocks import queries
from cms_blocks.context import home_crumb
from cms_blocks.models import Commitment

from .. import ratelimit
from ..models import FollowSubscription, new_follow_nonce
from ..policy import data_policy_url
from . import mail, tokens
from .forms import FollowForm, FrequencyForm
from .sending import is_expired

logger = logging.getLogger(__name__)


def commitment_page_extension(request, commitment):
    """Registered with cms_blocks.extensions: a plain link (the page is cached for everyone)."""
    return {"template_name": "participation/follow/commitment_detail.html"}


def _live_commitment(slug):
    live = queries.in_plan(Commitment.objects.live(), None).select_related("plan")
    return get_object_or_404(live, slug=slug)


def _crumbs(commitment, title):
    return [home_crumb(), (commitment.title, commitment.get_absolute_url()), (title, None)]


def _context(title, commitment=None, **context):
    context["page_title"] = title
    if commitment is not None:
        context.update({"commitment": commitment, "breadcrumbs": _crumbs(commitment, title)})
    return context


def _feed_url(commitment):
    return reverse("cms_blocks:commitment_history_feed", kwargs={"slug": commitment.slug})


def _send(message):
    try:
        message.send(fail_silently=False)
    except Exception:  # SMTP down, bad configuration...: the citizen is told, never a 500
        logger.exception("No se pudo enviar el correo de seguimiento «%s».", message.subject)
        return False
    return True


def _render_follow(request, commitment, form, status=200):
    return render(
        request,
        "participation/follow/follow.html",
        _context(
            _("Seguir este compromiso"),
            commitment,
            form=form,
            feed_url=_feed_url(commitment),
            days=mail.confirm_days(),
        ),
        status=status,
    )


def too_many_requests_message():
    return _(
        "Recibimos demasiadas solicitudes desde su conexión. Espere un rato e intente de nuevo; "
        "lo que escribió sigue en el formulario."
    )


def _request_subscription(commitment, email, frequency):
    """The subscription to (re)confirm and whether it is new; an expired request starts over."""
    now = timezone.now()
    existing = FollowSubscription.objects.filter(commitment=commitment, email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                created = FollowSubscription.objects.create(
                    commitment=commitment, email=email, frequency=frequency, consented_at=now
                )
            return created, True
        except IntegrityError:  # the same request, twice at once
            existing = FollowSubscription.objects.get(commitment=commitment, email=email)
    if not existing.is_confirmed:
        if is_expired(existing, now):
            existing.nonce = new_follow_nonce()  # the old link stays dead
            existing.created_at = now
        existing.frequency = frequency
        existing.consented_at = now
        existing.save(update_fields=["nonce", "created_at", "frequency", "consented_at"])
    existing.commitment = commitment
    return existing, False


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, slug):
    commitment = _live_commitment(slug)
    policy_url = data_policy_url(request)
    if request.method != "POST":
        return _render_follow(request, commitment, FollowForm(policy_url=policy_url))
    form = FollowForm(request.POST, policy_url=policy_url)
    if not ratelimit.hit_ip("follow_ip", request):
        form.is_valid()
        form.add_error(None, too_many_requests_message())
        return _render_follow(request, commitment, form, status=429)
    if not form.is_valid():
        return _render_follow(request, commitment, form, status=400)
    email = form.cleaned_data["email"]
    if not ratelimit.hit("follow_email", f"{commitment.pk}:{email}"):
        form.add_error(
            "email",
            _(
                "Ya enviamos varios mensajes a este correo en la última hora. Revise su bandeja "
                "de entrada y la carpeta de correo no deseado, o intente más tarde."
            ),
        )
        return _render_follow(request, commitment, form, status=429)
    subscription, created = _request_subscription(commitment, email, form.cleaned_data["frequency"])
    if subscription.is_confirmed:
        message = mail.already_following_message(subscription)
    else:
        message = mail.confirmation_message(subscription)
    if not _send(message):
        if created:
            subscription.delete()  # no address kept that could never be confirmed
        form.add_error(
            None,
            _(
                "No pudimos enviar el correo en este momento. Intente de nuevo en unos minutos; "
                "sus datos siguen en el formulario."
            ),
        )
        return _render_follow(request, commitment, form, status=503)
    return redirect("participation:follow_sent", slug=commitment.slug)


@require_safe
def follow_sent(request, slug):
    commitment = _live_commitment(slug)
    return render(
        request,
        "participation/follow/sent.html",
        _context(_("Revise su correo"), commitment, days=mail.confirm_days()),
    )


def _invalid_link(request, status=404):
    return render(
        request,
        "participation/follow/invalid.html",
        _context(_("El enlace no es válido")),
        status=status,
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscription = tokens.read_token(token, tokens.CONFIRM)
    if subscription is None:
        return _invalid_link(request)
    commitment = subscription.commitment
    if is_expired(subscription):
        return render(
            request,
            "participation/follow/expired.html",
            _context(_("El enlace venció"), commitment, days=mail.confirm_days()),
            status=410,
        )
    just_confirmed = False
    if request.method == "POST" and not subscription.is_confirmed:
        FollowSubscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        subscription.refresh_from_db(fields=["confirmed_at"])
        just_confirmed = True
    title = _("Confirmar el seguimiento")
    if subscription.is_confirmed:
        title = _("Ya sigue este compromiso")
    return render(
        request,
        "participation/follow/confirm.html",
        _context(
            title,
            commitment,
            subscription=subscription,
            just_confirmed=just_confirmed,
            frequency=subscription.get_frequency_display(),
            manage_url=reverse(
                "participation:follow_manage",
                args=[tokens.make_token(subscription, tokens.MANAGE)],
            ),
            feed_url=_feed_url(commitment),
        ),
    )


@never_cache
@csrf_exempt  # RFC 8058: the mail client's one-click POST carries no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (a link scanner must not unsubscribe anyone); POST unsubscribes."""
    subscription = tokens.read_token(token, tokens.UNSUBSCRIBE)
    if subscription is None:
        return _invalid_link(request)
    commitment = subscription.commitment
    if request.method == "POST":
        subscription.delete()  # the address goes with it, and any notice not yet sent
        return render(
            request,
            "participation/follow/unsubscribed.html",
            _context(_("Ya no sigue este compromiso"), commitment, feed_url=_feed_url(commitment)),
        )
    return render(
        request,
        "participation/follow/unsubscribe.html",
        _context(_("Dejar de seguir este compromiso"), commitment),
    )


def _subscriptions_of(subscription):
    return list(
        FollowSubscription.objects.filter(email=subscription.email, confirmed_at__isnull=False)
        .select_related("commitment")
        .order_by("commitment__title", "pk")
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every commitment the address follows: change the frequency, or leave one or all."""
    subscription = tokens.read_token(token, tokens.MANAGE)
    if subscription is None:
        return _invalid_link(request)
    subscriptions = _subscriptions_of(subscription)
    status = 200
    error = ""
    if request.method == "POST":
        if request.POST.get("accion") == "todos":
            FollowSubscription.objects.filter(pk__in=[s.pk for s in subscriptions]).delete()
            return render(
                request,
                "participation/follow/unsubscribed.html",
                _context(_("Ya no sigue ningún compromiso"), everything=True),
            )
        chosen = next(
            (s for s in subscriptions if str(s.pk) == request.POST.get("seguimiento", "")), None
        )
        form = FrequencyForm(request.POST)
        if chosen is not None and form.is_valid():
            FollowSubscription.objects.filter(pk=chosen.pk).update(
                frequency=form.cleaned_data["frequency"]
            )
            return redirect(request.path + "?guardado=1")
        error = _("No pudimos guardar el cambio: elija una frecuencia para un compromiso que siga.")
        status = 400
    rows = [
        {
            "subscription": s,
            "form": FrequencyForm(
                initial={"frequency": s.frequency}, auto_id=f"id_seguimiento_{s.pk}_%s"
            ),
            "unsubscribe_url": reverse(
                "participation:follow_unsubscribe",
                args=[tokens.make_token(s, tokens.UNSUBSCRIBE)],
            ),
        }
        for s in subscriptions
    ]
    return render(
        request,
        "participation/follow/manage.html",
        _context(
            _("Mis seguimientos"),
            rows=rows,
            saved=request.GET.get("guardado") == "1" and request.method != "POST",
            error=error,
            breadcrumbs=[home_crumb(), (_("Mis seguimientos"), None)],
        ),
        status=status,
    )
