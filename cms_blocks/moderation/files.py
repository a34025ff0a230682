"""Images and documents under moderation: what live content uses is out of editors' reach.

Wagtail checks every change to an image or a document (edit, replace the file, delete, bulk
actions) against its collection (``CollectionOwnershipPermissionPolicy``): a permission on a
collection applies to the collections below it, and a user with only ``add`` may change or
delete what they uploaded themselves. So two collections under the root do the moderation:

- the working collection (``CMS_BLOCKS_WORKING_COLLECTION``): editors add and change here;
  every upload of theirs lands here;
- the published collection (``CMS_BLOCKS_PUBLISHED_COLLECTION``): editors only choose from it;
  reviewers and administrators change or delete it.

When a page or a snippet is published, every image and document it uses (Wagtail's reference
index: StreamField blocks, foreign keys, rich text, child objects such as a milestone's evidence
document) moves into the published collection. From then on an editor who wants another file
uploads a new one and sends the page or snippet for review; nobody changes a live file without
a reviewer's hand. The root collection itself: editors only choose from it.

The functions take a model registry (``apps``), so the data migration can use its historical
one; the signal handlers use the current one.
"""

from django.apps import apps as global_apps
from django.db import transaction

from .. import conf

STEPLEN = 4  # treebeard's materialised path: 4 base-36 digits per level
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def working_collection_name():
    return conf.get("CMS_BLOCKS_WORKING_COLLECTION")


def published_collection_name():
    return conf.get("CMS_BLOCKS_PUBLISHED_COLLECTION")


def file_model_labels():
    """The image and document models, as "app_label.ModelName" (custom models included)."""
    from wagtail.documents import get_document_model_string
    from wagtail.images import get_image_model_string

    return (get_image_model_string(), get_document_model_string())


# -- the two collections --------------------------------------------------------------------


def root_collection(apps=global_apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None and apps is global_apps:
        # A flushed test database: Wagtail's migrations created it once.
        root = Collection.add_root(name="Root")
    return root


def _encode(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _child(apps, parent, name):
    """The child collection of ``parent`` named ``name``, created when missing."""
    Collection = apps.get_model("wagtailcore", "Collection")
    children = Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
    child = children.filter(name=name).order_by("path").first()
    if child is not None:
        return child
    if hasattr(parent, "add_child"):  # the current registry: treebeard keeps the tree's order
        return parent.add_child(name=name)
    # A historical model has no treebeard methods: write the next path by hand.
    last = children.order_by("-path").values_list("path", flat=True).first()
    index = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=parent.path + _encode(index), depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=children.count())
    return child


def file_collections(apps=global_apps):
    """``(root, working, published)``, the two children created when missing; ``None``
    when there is no root collection yet (a historical registry before Wagtail's own)."""
    root = root_collection(apps)
    if root is None:
        return None
    working = _child(apps, root, working_collection_name())
    root.refresh_from_db()
    published = _child(apps, root, published_collection_name())
    return root, working, published


def _outside(queryset, collection):
    """The rows of ``queryset`` not in ``collection`` nor in a collection below it."""
    return queryset.exclude(collection__path__startswith=collection.path)


# -- what live content uses -----------------------------------------------------------------


def _content_type_id(apps, label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model_name = label.split(".")
    return (
        ContentType.objects.filter(app_label=app_label, model=model_name.lower())
        .values_list("pk", flat=True)
        .first()
    )


def _live_sources(apps, base_content_type_id, object_ids):
    """Which of ``object_ids`` are live. A source without a draft state (a setting, or a model
    the registry no longer knows) counts as live: moving one file too many only asks a reviewer
    for its next change."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(pk=base_content_type_id)
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return set(object_ids)
    if "live" not in {field.name for field in model._meta.get_fields()}:
        return set(object_ids)
    return {
        str(pk)
        for pk in model._default_manager.filter(pk__in=object_ids, live=True).values_list(
            "pk", flat=True
        )
    }


def files_used_by_live_content(apps, label):
    """The ids (strings) of the ``label`` model's rows that live content uses."""
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    content_type_id = _content_type_id(apps, label)
    if content_type_id is None:
        return set()
    sources = {}
    for to_id, base_ct, object_id in ReferenceIndex.objects.filter(
        to_content_type_id=content_type_id
    ).values_list("to_object_id", "base_content_type_id", "object_id"):
        sources.setdefault(base_ct, {}).setdefault(object_id, set()).add(to_id)
    used = set()
    for base_ct, by_source in sources.items():
        for object_id in _live_sources(apps, base_ct, list(by_source)):
            used |= by_source[object_id]
    return used


def sort_existing_files(apps=global_apps):
    """The data migration's step: files that live content uses go to the published collection;
    the other files of the root collection go to the working one (files in other collections
    stay where they are unless live content uses them). Idempotent; returns the counts moved."""
    collections = file_collections(apps)
    if collections is None:
        return {}
    root, working, published = collections
    moved = {}
    for label in file_model_labels():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        used = files_used_by_live_content(apps, label)
        manager = model._default_manager
        to_published = _outside(manager.filter(pk__in=used), published).update(collection=published)
        to_working = manager.filter(collection=root).exclude(pk__in=used).update(collection=working)
        moved[label] = (to_published, to_working)
    return moved


# -- at publication -------------------------------------------------------------------------


def protect_files_of(instance):
    """Move every image and document that ``instance`` (just published) uses into the
    published collection. Returns the files moved."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    if hasattr(instance, "get_specific"):  # a page: its own fields hold the blocks
        instance = instance.get_specific()
    if not ReferenceIndex.is_indexed(type(instance)):
        return []
    with transaction.atomic():
        # The index is brought up to date by a background task: make it current now.
        ReferenceIndex.create_or_update_for_object(instance)
        references = ReferenceIndex.get_references_for_object(instance)
        moved = []
        published = None
        for label in file_model_labels():
            model = global_apps.get_model(label)
            ids = references.filter(
                to_content_type=ContentType.objects.get_for_model(model)
            ).values_list("to_object_id", flat=True)
            ids = list(ids)
            if not ids:
                continue
            if published is None:
                published = file_collections()[2]
            for obj in _outside(model._default_manager.filter(pk__in=ids), published):
                obj.collection = published
                # save(), not update(): the search index and the log see the move.
                obj.save(update_fields=["collection"])
                moved.append(obj)
    return moved


def protect_files_on_publish(sender, instance, **kwargs):
    """``wagtail.signals.published`` (snippets; a page's comes with its ``page_published``)."""
    from wagtail.models import Page

    if not isinstance(instance, Page):
        protect_files_of(instance)


def protect_files_on_page_publish(sender, instance, **kwargs):
    """``wagtail.signals.page_published`` (publication, and the copy of a live page)."""
    protect_files_of(instance)


def connect_signals():
    from wagtail.signals import page_published, published

    published.connect(protect_files_on_publish, dispatch_uid="cms_blocks_protect_files")
    page_published.connect(
        protect_files_on_page_publish, dispatch_uid="cms_blocks_protect_files_of_page"
    )
