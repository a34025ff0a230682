from wagtail.snippets.models import register_snippet

from .viewsets import OpenGovernmentViewSetGroup

register_snippet(OpenGovernmentViewSetGroup)
