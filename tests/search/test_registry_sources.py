"""The search's kinds are the registry's (cms_blocks.registry): one source per searched kind,
with its kind, labels and model, in the registry's order; the signals follow the same list."""

from django.db.models.signals import post_save, pre_delete

from cms_blocks import registry
from search import indexing


def test_the_sources_are_exactly_the_registry_searched_kinds():
    kinds = registry.searched_kinds()
    assert [(s.kind, s.label, s.label_plural, s.model) for s in indexing.SOURCES] == [
        (k.search_kind, k.label, k.label_plural, k.model) for k in kinds
    ]
    assert list(indexing.SOURCES_BY_KIND) == ["pagina", *(k.search_kind for k in kinds)]
    # Document-building code exists only for searched kinds.
    assert set(indexing.SOURCE_OPTIONS) <= {k.model for k in kinds}


def test_every_searched_kind_is_kept_in_sync_by_the_signals():
    for kind in registry.searched_kinds():
        assert post_save.has_listeners(kind.model), kind.model
        assert pre_delete.has_listeners(kind.model), kind.model
        assert indexing.source_for(kind.model).kind == kind.search_kind
