"""Translated snippets: the source-language row is the structure, an approved translation
supplies its text.

Every editorial snippet is translatable (Wagtail's ``TranslatableMixin``: a ``locale`` and a
``translation_key`` shared by an object and its translations). The public site reads the
*source-language* rows only (``objects.live()``): their plan, axis, institutions, dates,
milestones' status, figures and slug are the facts, kept once. A translation, once a reviewer
has published it, only gives the text of the fields its model names in ``translated_fields``
(and of its child rows, such as a commitment's milestones).

While a public request is served in another language (a URL under ``/en/``, see
:class:`cms_blocks.middleware.TranslatedContentMiddleware`), each source-language object loaded
from the database takes the text of its published translation in that language, when there
is one (``from_db``). Nothing else changes: the admin, previews, the import, the search index
and the Spanish site never see an overlaid object, and such an object refuses to be saved.

Cost: the text of every published translation of one kind in one language is read in one
query, kept in the cache (emptied when any object of that kind, or of its child rows, is saved
or deleted) and in the request, so a page reads no more rows with a second language.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_active = contextvars.ContextVar("cms_blocks_translated_content", default=None)

CACHE_PREFIX = "cms_blocks:translations"
CACHE_TIMEOUT = 24 * 60 * 60

#: Models that take part: {model: (parent relation name or None)}. Filled by
#: :class:`TranslatedTextMixin` subclasses as Django prepares them.
_models = {}


def source_language():
    """The content source language, as Wagtail's locales write it (lower case)."""
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE).lower()


def overlay_language():
    """The language whose translations are being overlaid now, or None."""
    state = _active.get()
    return state["language"] if state else None


def supported_language(code):
    """``code`` as the content language Wagtail's locales write (``en``), or None when the
    site has no such content language."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(code).lower()
    except LookupError:
        return None


@contextlib.contextmanager
def translated_content(language):
    """Within it, source-language objects loaded from the database take the text of their
    published translation into ``language`` (nothing happens for the source language)."""
    language = supported_language(language)
    state = (
        {"language": language, "maps": {}} if language and language != source_language() else None
    )
    token = _active.set(state)
    try:
        yield
    finally:
        _active.reset(token)


def _cache_key(model, language):
    return f"{CACHE_PREFIX}:{model._meta.label_lower}:{language}"


def _languages():
    from wagtail.coreutils import get_content_languages

    return [code.lower() for code in get_content_languages()]


def forget(model):
    """Empty the cached translations of ``model`` in every language (and of its parent's)."""
    keys = [_cache_key(model, language) for language in _languages()]
    cache.delete_many(keys)


def forget_all():
    """Empty every cached translation (tests, after a rollback that sent no signal)."""
    cache.delete_many(
        [_cache_key(model, language) for model in _models for language in _languages()]
    )


def _read(model, language):
    """{translation_key: {field: text}} of the published translations of ``model``."""
    parent = _models[model]
    live = f"{parent}__live" if parent else "live"
    locale = f"{parent}__locale__language_code" if parent else "locale__language_code"
    fields = list(model.translated_fields)
    rows = (
        model._base_manager.filter(**{live: True, locale: language})
        .order_by()
        .values_list("translation_key", *fields)
    )
    return {
        str(key): {name: value for name, value in zip(fields, values, strict=True) if value}
        for key, *values in rows
    }


def translations(model, language):
    """The published translations' text of ``model`` in ``language`` (cache, then database)."""
    state = _active.get()
    maps = state["maps"] if state and state["language"] == language else {}
    if model in maps:
        return maps[model]
    key = _cache_key(model, language)
    found = cache.get(key)
    if found is None:
        found = _read(model, language)
        cache.set(key, found, CACHE_TIMEOUT)
    maps[model] = found
    return found


def has_translation(obj, language):
    """Whether the source object ``obj`` has a published translation into ``language`` (from
    the same cached map the overlay reads: no query when warm)."""
    language = supported_language(language)
    if language is None:
        return False
    if language == source_language():
        return True
    key = obj.__dict__.get("translation_key")
    return key is not None and str(key) in translations(type(obj), language)


def overlay(obj):
    """Give ``obj`` the text of its published translation in the active overlay language."""
    state = _active.get()
    if state is None:
        return obj
    language = state["language"]
    values = obj.__dict__
    key = values.get("translation_key")
    locale_id = values.get("locale_id")
    if key is None or locale_id is None or not is_source_locale(locale_id):
        return obj
    text = translations(type(obj), language).get(str(key))
    # Only what the translation really changed: a field the translator left as it was copied
    # (wagtail-localize copies the source's text) is still the source's, and marked so.
    text = {name: value for name, value in (text or {}).items() if values.get(name) != value}
    if text:
        values.update(text)
        obj._translated_language = language
    return obj


def is_source_locale(locale_id):
    code = locale_code(locale_id)
    return code is not None and code.lower() == source_language()


# -- Locale codes without a query per object ----------------------------------------------------
#
# A per-process {locale id: code} map, read again in one query whenever an id is not in it,
# emptied whenever a Locale is saved or deleted and after ``migrate``/``flush``. It belongs to
# one database (its name is part of it), so a test database that is flushed or rolled back and
# whose ids come back with other codes is never read through a stale map.

_locale_codes = {"database": None, "codes": {}}


def clear_locale_codes(**kwargs):
    _locale_codes["database"] = None
    _locale_codes["codes"] = {}


def locale_code(locale_id):
    """The language code of the Locale ``locale_id`` (None when there is no such Locale)."""
    from django.db import connection
    from wagtail.models import Locale

    database = connection.settings_dict.get("NAME")
    if _locale_codes["database"] != database:
        clear_locale_codes()
    codes = _locale_codes["codes"]
    if locale_id not in codes:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        _locale_codes.update(database=database, codes=codes)
    return codes.get(locale_id)


def connect_signals():
    """The caches' signals (``CmsBlocksConfig.ready``): every translatable model of the
    extension takes part in the overlay, and the locale map follows the Locales."""
    from django.apps import apps
    from django.db.models.signals import post_migrate
    from wagtail.models import Locale

    post_save.connect(clear_locale_codes, sender=Locale, dispatch_uid="cms_blocks_locale_save")
    post_delete.connect(clear_locale_codes, sender=Locale, dispatch_uid="cms_blocks_locale_delete")
    post_migrate.connect(clear_locale_codes, dispatch_uid="cms_blocks_locale_migrate")
    for model in apps.get_models():
        if issubclass(model, TranslatedTextMixin) and model.translated_fields:
            register(model)


def is_translation_overlay(obj):
    return getattr(obj, "_translated_language", None) is not None


class TranslatableFieldsDescriptor:
    """``Model.translatable_fields``, built on first use (wagtail-localize is optional)."""

    def __get__(self, instance, owner):
        cached = owner.__dict__.get("_translatable_fields_cache")
        if cached is None:
            cached = wagtail_localize_fields(owner)
            owner._translatable_fields_cache = cached
        return cached


class TranslatedTextMixin:
    """Mixed into a translatable model: ``translated_fields`` (the names of the fields whose
    text a translation supplies) and ``translation_parent`` (for child rows such as
    milestones: the relation to the object whose publication makes them public)."""

    translated_fields = ()
    translation_parent = None
    translatable_fields = TranslatableFieldsDescriptor()  # wagtail-localize's

    @classmethod
    def from_db(cls, db, field_names, values):
        return overlay(super().from_db(db, field_names, values))

    def save(self, *args, **kwargs):
        if is_translation_overlay(self):
            raise RuntimeError(
                f"{self!r} shows its {self._translated_language} translation's text and must "
                "not be saved: read it again outside translated_content()."
            )
        super().save(*args, **kwargs)


def register(model):
    """Take part in the overlay (called for every concrete TranslatedTextMixin subclass)."""
    _models[model] = model.translation_parent
    uid = f"cms_blocks_translations_{model._meta.label_lower}"

    def forget_model(sender, **kwargs):
        forget(model)
        # Again once the change is committed: a request that read the rows before the commit
        # may have cached the old text meanwhile.
        transaction.on_commit(lambda: forget(model))

    post_save.connect(forget_model, sender=model, weak=False, dispatch_uid=uid + "_save")
    post_delete.connect(forget_model, sender=model, weak=False, dispatch_uid=uid + "_delete")


def wagtail_localize_fields(model):
    """wagtail-localize's ``translatable_fields`` for ``model``: its ``translated_fields``
    (and child relations) are translated; every other editable field is synchronised from the
    source and cannot be overridden, so a translator never retypes a date, a status or a
    figure."""
    from modelcluster.fields import ParentalKey
    from modelcluster.models import ClusterableModel, get_all_child_relations
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    translated = set(model.translated_fields)
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if field.name in translated:
            fields.append(TranslatableField(field.name))
        elif not isinstance(field, ParentalKey):
            fields.append(SynchronizedField(field.name, overridable=False))
    if issubclass(model, ClusterableModel):
        for relation in get_all_child_relations(model):
            child = relation.related_model
            if getattr(child, "translated_fields", ()):
                fields.append(TranslatableField(relation.get_accessor_name()))
    return fields
