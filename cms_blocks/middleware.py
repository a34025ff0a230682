"""``cms_blocks.middleware.TranslatedContentMiddleware``: a public URL in another language than
the source (``/en/…`` with Django's ``i18n_patterns``) shows the published translations' text
of the extension's snippets (``cms_blocks.translation``).

Only a language prefix in the path turns it on: the admin, previews and every unprefixed URL
see the stored rows as they are, so an editor never edits, and no import or task ever saves,
an object that shows another row's text. Place it after the middleware that activates the
request's language.
"""

from django.utils import translation

from .translation import translated_content


def _stream(content, language):
    with translated_content(language):
        yield from content


class TranslatedContentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        if not language:
            return self.get_response(request)
        with translated_content(language):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        if getattr(response, "streaming", False):
            response.streaming_content = _stream(response.streaming_content, language)
        return response
