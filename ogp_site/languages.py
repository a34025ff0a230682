"""The language of a request: from its URL alone.

Spanish (``LANGUAGE_CODE``) is at the root and English under ``/en/`` (``i18n_patterns`` with
``prefix_default_language=False`` in ``ogp_site.urls``). Django's ``LocaleMiddleware`` would
also read the browser's ``Accept-Language`` and a language cookie for any URL outside the
prefixed patterns (the admin, the API, the sitemap) and mark every unprefixed page
``Vary: Accept-Language``; a shared cache or a CDN would then keep one copy of each page per
browser language, for the same bytes. Here the path decides, and nothing else:

- a prefixed path (``/en/…``) is in that language;
- any other path is in ``LANGUAGE_CODE``; the admin then switches to each user's own
  preference (Wagtail's ``UserProfile.preferred_language``), as Wagtail does in its views.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PathLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No redirect to a prefixed URL (Spanish has none) and no Vary: Accept-Language.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
