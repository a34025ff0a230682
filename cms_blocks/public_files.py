"""Which documents the public may download: those that a live page or a live snippet uses.

An editor uploads a document for a draft; until that draft is approved, the document is not
public. Wagtail's reference index knows every object that uses a document (a ``ForeignKey``,
a ``DocumentChooserBlock`` in a StreamField, a document link in rich text, child objects such
as a milestone's evidence included), and it is built from the database rows, which hold the
*published* version of pages and of draft-state snippets. So a document is public when at
least one of the objects that reference it is live.

Objects without a draft state are public only when they are site or generic settings (the
entity's details, shown on every page); anything else (a form submission, a private record)
never makes a document public.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import DraftStateMixin, ReferenceIndex


def _is_public_source(model, object_ids):
    """Whether any of ``object_ids`` of ``model`` is an object the public sees."""
    if model is None:
        return False
    if issubclass(model, DraftStateMixin):
        return model._default_manager.filter(pk__in=object_ids, live=True).exists()
    return issubclass(model, (BaseSiteSetting, BaseGenericSetting))


def is_publicly_used(obj):
    """True when a live page, a live snippet or a setting uses ``obj`` (a document, an image)."""
    sources = {}
    for base_ct, object_id in (
        ReferenceIndex.get_references_to(obj)
        .values_list("base_content_type", "object_id")
        .distinct()
    ):
        sources.setdefault(base_ct, set()).add(object_id)
    for base_ct, object_ids in sources.items():
        model = ContentType.objects.get_for_id(base_ct).model_class()
        if _is_public_source(model, object_ids):
            return True
    return False


def may_download(user, document):
    """Anyone may download a publicly used document; an admin user may download any."""
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True
    return is_publicly_used(document)
