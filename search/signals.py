"""Signal handlers that keep the search index true, at once.

- Any save or delete of an indexed model (pages of every type, the snippets in
  ``search.indexing.SOURCES``): the object is re-read from the database and its document
  written or removed. Saving a draft leaves the row as published, so nothing leaks.
- ``page_published`` / ``page_unpublished`` and ``published`` / ``unpublished`` (snippets):
  the same, after Wagtail has finished (child objects and tags saved).
- A page moved or its slug changed: the page and its descendants (their URLs changed).
- A view restriction added or removed: the page and its descendants (privacy changed).
- A site saved or deleted: every page (URLs changed).
- An axis saved or deleted (an indexed kind itself): its own document, then its
  commitments and their reports.
- A tag renamed or deleted: the commitments and pages that carry it (their documents name it).
- A snippet deleted: what depended on it (listed before the deletion) is refreshed after.
- An action plan published or unpublished (an indexed kind itself, ``published`` /
  ``unpublished`` and its save): its own document, then everything in it (its axes,
  commitments, reports, committee and members, consultations, and the pages that present it
  or sit under them; ``Source.members``), which is public only while the plan is.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from . import indexing


def on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.update_object(instance)


def before_delete(sender, instance, **kwargs):
    instance._search_dependants = indexing.dependants_before_delete(instance)


def on_delete(sender, instance, **kwargs):
    indexing.remove_object(instance, getattr(instance, "_search_dependants", ()))


def on_publication(sender, instance, **kwargs):
    indexing.update_object(instance)


def on_page_tree_change(sender, instance, **kwargs):
    indexing.update_page_tree(instance)


def on_view_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.update_page_tree(page)


def on_site_change(sender, instance, **kwargs):
    Site.clear_site_root_paths_cache()  # Wagtail's own handler may run after this one
    for root in Page.objects.filter(depth=2):
        indexing.update_page_tree(root)


def indexed_models():
    """Every page model and every snippet model the index holds."""
    return [*get_page_models(), *(source.model for source in indexing.SOURCES)]


def on_tag_save(sender, instance, raw=False, **kwargs):
    """A tag renamed: the documents of what carries it (their facts and terms name it)."""
    if raw:
        return
    seen = set()
    for obj in indexing.tagged_objects(instance):
        indexing.update_object(obj, seen)


def before_tag_delete(sender, instance, **kwargs):
    instance._search_tagged = indexing.tagged_objects(instance)


def on_tag_delete(sender, instance, **kwargs):
    seen = set()
    for obj in getattr(instance, "_search_tagged", ()):
        indexing.update_object(obj, seen)


def connect():
    uid = "search-index"
    # Per model, not for every sender: a global post_delete receiver would disable
    # Django's fast deletes for every model of the project.
    for model in indexed_models():
        label = model._meta.label_lower
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}-save-{label}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"{uid}-delete-{label}")
        if model in {source.model for source in indexing.SOURCES}:
            pre_delete.connect(before_delete, sender=model, dispatch_uid=f"{uid}-pre-{label}")
    post_save.connect(on_tag_save, sender=Tag, dispatch_uid=f"{uid}-tag-save")
    pre_delete.connect(before_tag_delete, sender=Tag, dispatch_uid=f"{uid}-tag-pre-delete")
    post_delete.connect(on_tag_delete, sender=Tag, dispatch_uid=f"{uid}-tag-delete")
    page_published.connect(on_publication, dispatch_uid=f"{uid}-page-published")
    page_unpublished.connect(on_publication, dispatch_uid=f"{uid}-page-unpublished")
    published.connect(on_publication, dispatch_uid=f"{uid}-published")
    unpublished.connect(on_publication, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(on_page_tree_change, dispatch_uid=f"{uid}-page-move")
    page_slug_changed.connect(on_page_tree_change, dispatch_uid=f"{uid}-slug")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"{uid}-pvr-{id(signal)}",
        )
        signal.connect(on_site_change, sender=Site, dispatch_uid=f"{uid}-site-{id(signal)}")
