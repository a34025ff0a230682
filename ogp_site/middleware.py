"""Security middleware: the admin's Content-Security-Policy and the password-reset throttle."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse

from . import security


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with their own policies for the admin and the API's HTML.

    Public pages get ``CONTENT_SECURITY_POLICY``. Every path under the admin (including its
    previews, which render public templates inside the admin) gets
    ``OGP_ADMIN_CONTENT_SECURITY_POLICY``, the looser policy Wagtail's admin needs; paths under
    ``OGP_API_CONTENT_SECURITY_POLICY["PATH_PREFIX"]`` get that policy (Django REST framework's
    browsable page has an inline ``<style>``). A view's own ``@csp_override`` still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by running a dummy request for the page's own URL
            # through the middleware, inside the admin's preview view: the response is shown
            # in the admin (framed by it), so it takes the admin's policy.
            policy = getattr(settings, "OGP_ADMIN_CONTENT_SECURITY_POLICY", None)
        else:
            policy = path_policy(request.path_info)
        if policy:
            parts.config = default_config(policy.get("DIRECTIVES", {}))
        return parts


def path_policy(path):
    if path.startswith(admin_prefix()):
        return getattr(settings, "OGP_ADMIN_CONTENT_SECURITY_POLICY", None)
    api_policy = getattr(settings, "OGP_API_CONTENT_SECURITY_POLICY", None)
    if api_policy and path.startswith(api_policy["PATH_PREFIX"]):
        return api_policy
    return None


def admin_prefix():
    return reverse("wagtailadmin_home")


class PasswordResetThrottleMiddleware:
    """Refuse too many password-reset requests (Wagtail's /admin/password_reset/).

    Each POST counts once for the client's address and once for the e-mail address typed;
    past ``OGP_PASSWORD_RESET_LIMIT`` in its window the request gets a Spanish 429 page and
    no e-mail is sent. The counters live in Django's cache (Redis in production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("wagtailadmin_password_reset"):
            refused = security.password_reset_refused(request)
            if refused is not None:
                return refused
        return self.get_response(request)
