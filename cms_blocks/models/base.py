"""The base every editorial snippet shares: drafts, revisions, locking, workflow and preview."""

import functools

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..translation import TranslatedTextMixin, is_source_locale, source_language


class LiveQuerySet(models.QuerySet):
    def live(self):
        """The published objects in the source language: the facts the public site shows.

        A published translation is not one of them: it only lends its text to its source
        object (``cms_blocks.translation``), so no list, count, chart or relation ever shows
        an object twice."""
        return self.filter(live=True, locale__language_code=source_language())

    def source_language(self):
        """Every object in the source language, published or not."""
        return self.filter(locale__language_code=source_language())


class EditorialSnippet(
    TranslatedTextMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Abstract base of every snippet that editors write and reviewers approve.

    The database row always holds the *published* version; a pending edit lives in
    a revision until it is approved (Plone's working copy). Public code must read
    ``objects.live()`` only.

    Every editorial snippet is translatable (``TranslatableMixin``): a translation is its own
    row, edited and approved like the original, whose ``translated_fields`` lend their text
    to the source object on the public site (``cms_blocks.translation``). The fields named in
    ``unique_per_locale`` are unique within a locale (a translation keeps its source's slug).
    """

    unique_per_locale = ()

    is_illustrative = models.BooleanField(
        _("contenido ilustrativo"),
        default=False,
        help_text=_(
            "Márquelo cuando el contenido no proviene del plan ni del registro público de OGP. "
            "El sitio lo señala al lector."
        ),
    )
    source = models.CharField(
        _("fuente"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo: «Open Government Partnership, ficha del compromiso COCDI0001»."),
    )

    objects = LiveQuerySet.as_manager()

    @property
    def public(self):
        """This snippet's relations as a public reader may follow them (see ``LiveRelations``)."""
        return LiveRelations(self)

    preview_template = "cms_blocks/previews/snippet.html"

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def validate_unique(self, exclude=None):
        """The database's unique (field, locale) constraints, checked as a form does, with
        Django's own message on the field: the locale is no form field, so Django's
        constraint validation leaves those constraints out."""
        super().validate_unique(exclude=exclude)
        errors = {}
        for name in self.unique_per_locale:
            if exclude and name in exclude:
                continue
            value = getattr(self, name)
            if value in (None, ""):
                continue
            locale_id = self.locale_id or Locale.get_default().pk
            others = type(self)._default_manager.filter(**{name: value, "locale_id": locale_id})
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                errors[name] = [self.unique_error_message(type(self), (name,))]
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        """The object as a revision holds it; a field the revision predates (added by a later
        migration, such as ``plan``) keeps its current value instead of falling to its default."""
        obj = super().with_content_json(content)
        for field in self._meta.concrete_fields:
            if field.primary_key or field.name in content or field.attname in content:
                continue
            setattr(obj, field.attname, getattr(self, field.attname))
        return obj

    def get_preview_template(self, request, mode_name):
        return self.preview_template

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(self.get_public_context())
        context["is_preview"] = True
        return context

    PREVIEW_SKIP = {
        "id",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
        "latest_revision",
        "is_illustrative",
        "source",
        "slug",
        "sort_order",
    }

    @property
    def preview_fields(self):
        """(label, value) of the editable fields, for the generic preview."""
        rows = []
        for field in self._meta.concrete_fields:
            if field.name in self.PREVIEW_SKIP or not field.editable:
                continue
            if field.choices:
                value = getattr(self, f"get_{field.name}_display")()
            else:
                value = getattr(self, field.name)
            rows.append((field.verbose_name.capitalize(), value))
        return rows

    def get_public_context(self):
        """The context the public template of this snippet needs (used by previews).

        A kind with its own public page has a builder registered with
        ``public_context_builder`` (in ``cms_blocks.context``); the others get this generic one.
        """
        builder = PUBLIC_CONTEXT_BUILDERS.get(type(self))
        if builder is not None:
            return builder(self)
        return {
            "object": self,
            "page_title": str(self),
            "model_name": self._meta.verbose_name,
        }


# -- Public context builders -------------------------------------------------------------------
#
# The public context of a snippet is built above the models (``cms_blocks.context``, which reads
# through ``cms_blocks.queries``); the models never import that layer. It registers its
# builders here when it is imported (``CmsBlocksConfig.ready``).

PUBLIC_CONTEXT_BUILDERS = {}


def public_context_builder(model):
    """Decorator: ``builder(obj)`` gives the public template context of ``model``'s objects."""

    def register(builder):
        PUBLIC_CONTEXT_BUILDERS[model] = builder
        return builder

    return register


# -- Live relations: how public code follows a relation -----------------------------------------
#
# A published snippet may point to another editorial snippet that was never published, or was
# unpublished later: that row stays, with ``live=False``. Every public reader (templates, views,
# blocks, the QR sheet) follows relations through ``obj.public.<relation>``, never through the
# raw field, so the live check lives here, once.


def is_editorial(model):
    return isinstance(model, type) and issubclass(model, EditorialSnippet)


@functools.cache
def _relations_by_accessor(model):
    """{attribute name: relation field} for every relation of ``model``, forward and reverse."""
    relations = {}
    for field in model._meta.get_fields():
        if not field.is_relation:
            continue
        name = (
            field.get_accessor_name() if field.auto_created and not field.concrete else field.name
        )
        if name:
            relations[name] = field
    return relations


def editorial_relations(model):
    """The relation fields of ``model`` whose other end is an editorial snippet."""
    return [
        field
        for field in _relations_by_accessor(model).values()
        if is_editorial(field.related_model)
    ]


class LiveRelations:
    """``obj.public.<relation>``: a relation, with unpublished editorial snippets left out.

    - to one editorial snippet (foreign key, one-to-one): the object if it is live (and in the
      source language: a translation is never one of them), else None;
    - to many (many-to-many either way, reverse foreign key): a list of the live objects, read
      from the prefetch cache when there is one (no query), else in one query;
    - a relation to any other model (an axis, a document, tags): the attribute as it is.

    It never writes to the instance: ``obj.lead_institution`` is still the stored relation
    (the admin, the import and the revisions need it).
    """

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name):
        obj = self._obj
        field = _relations_by_accessor(type(obj)).get(name)
        if field is None:
            raise AttributeError(f"{type(obj).__name__} has no relation named {name!r}")
        if not is_editorial(field.related_model):
            return getattr(obj, name)
        if field.many_to_many or field.one_to_many:
            return [item for item in getattr(obj, name).all() if is_public(item)]
        try:
            related = getattr(obj, name)
        except ObjectDoesNotExist:  # a reverse one-to-one with nothing on the other side
            return None
        return related if related is not None and is_public(related) else None


def is_public(obj):
    """Live and in the source language: a translation (whose foreign keys point at the source
    objects, so it is on the far side of their reverse relations too) is no object of its own;
    it only lends its text (``cms_blocks.translation``)."""
    if not obj.live:
        return False
    locale_id = obj.__dict__.get("locale_id")
    return locale_id is None or is_source_locale(locale_id)
