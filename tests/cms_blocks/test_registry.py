"""The registry of public kinds: every editorial snippet is in it, and every consumer in the
extension (sitemap, news feed, API endpoints, admin viewset group, roles' permissions and the
workflow's assignments) derives exactly from it. Nothing new is registered here.

The search's sources are the site's (``search`` app): tests/search/test_registry_sources.py.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.models import WorkflowContentType
from wagtail.snippets.models import get_snippet_models

from cms_blocks import api, feeds, registry, sitemaps, viewsets
from cms_blocks import tags as cms_tags
from cms_blocks.models import ActionPlan, EditorialSnippet
from cms_blocks.moderation import roles
from cms_blocks.plans import plan_sections

pytestmark = pytest.mark.django_db


def editorial_snippets():
    return {model for model in apps.get_models() if issubclass(model, EditorialSnippet)}


def test_every_editorial_snippet_is_a_registered_moderated_kind():
    kinds = {kind.model: kind for kind in registry.public_kinds()}
    assert editorial_snippets(), "no EditorialSnippet subclass found"
    for model in editorial_snippets():
        assert model in kinds, f"{model.__name__} is not in cms_blocks.registry"
        assert kinds[model].moderated, model
    # Only a non-editorial kind may be unmoderated (an axis is saved, not published).
    for kind in registry.public_kinds():
        assert kind.moderated == issubclass(kind.model, EditorialSnippet), kind.model
        assert kind.model in get_snippet_models(), kind.model


def test_kinds_are_unique_and_a_searched_kind_has_its_labels():
    kinds = registry.public_kinds()
    for attribute in ("search_kind", "api", "order", "menu_order"):
        values = [getattr(k, attribute) for k in kinds if getattr(k, attribute)]
        assert len(values) == len(set(values)), attribute
    for kind in registry.searched_kinds():
        assert kind.label and kind.label_plural, kind.model


def test_a_second_kind_with_the_same_search_kind_is_refused():
    commitment = registry.searched_kinds()[0]
    other = next(k for k in registry.public_kinds() if k.model is not commitment.model)
    with pytest.raises(ValueError, match="search_kind"):
        registry.register(
            registry.PublicKind(
                model=other.model, order=0, menu_order=0, search_kind=commitment.search_kind
            )
        )
    assert registry.kind_for(other.model) == other  # the refused entry replaced nothing


def test_the_sitemap_lists_exactly_the_registry_kinds(content):
    items = sitemaps.SnippetSitemap().items()
    urls = [url for url, _lastmod in items]
    lists = [reverse(name) for name in registry.sitemap_list_pages()]
    assert urls[: len(lists)] == lists
    expected = [
        obj.get_absolute_url()
        for kind in registry.sitemap_kinds()
        for obj in kind.model.objects.live()
    ]
    # Then each published plan's own sections (its page is the plan's detail, listed above).
    sections = [
        url
        for plan in ActionPlan.objects.live()
        for _label, url, _active in plan_sections(plan)[1:]
    ]
    # Then the tag pages of the tags public content carries (cms_blocks.tags).
    tags = ["/etiquetas/", *(use.url for use in cms_tags.tags_in_use())]
    assert [tag.pk for tag in cms_tags.public_tags()] == [
        use.tag.pk for use in cms_tags.tags_in_use()
    ]
    assert sorted(urls[len(lists) :]) == sorted(expected + sections + tags)
    assert {k.model.__name__ for k in registry.sitemap_kinds()} == {
        "ActionPlan",
        "Commitment",
        "MonitorReport",
        "Committee",
        "Consultation",
    }


def test_the_news_feed_reads_exactly_the_registry_kinds(rf, content):
    assert feeds.news_snippets() == [
        (k.model, k.feed_summary, k.plan_lookup) for k in registry.feed_kinds()
    ]
    for model, field, _plan_lookup in feeds.news_snippets():
        model._meta.get_field(field)  # the summary field exists
    news = feeds.recent_news(rf.get("/"))
    kinds = {str(item.kind) for item in news}
    for kind in registry.feed_kinds():
        if kind.model.objects.live().exists():
            assert str(kind.model._meta.verbose_name.capitalize()) in kinds


def test_the_api_endpoints_are_exactly_the_registry_kinds(client, content):
    endpoints = api.SNIPPET_ENDPOINTS
    assert [e.model for e in endpoints] == [k.model for k in registry.api_kinds()]
    router = WagtailAPIRouter("registry-test")
    api.register_snippet_endpoints(router)
    from cms_blocks.api_progress import ProgressAPIViewSet

    assert router._endpoints == {
        **{k.api: api.ENDPOINTS_BY_MODEL[k.model] for k in registry.api_kinds()},
        "progress": ProgressAPIViewSet,  # the plans' progress, not a kind's endpoint
    }
    for kind in registry.api_kinds():
        response = client.get(f"/api/v2/{kind.api}/")
        assert response.status_code == 200, kind.api
        assert response.json()["meta"]["total_count"] == kind.model.objects.live().count()


def test_the_admin_group_holds_exactly_the_registry_kinds_in_menu_order():
    items = viewsets.OpenGovernmentViewSetGroup.items
    assert [v.model for v in items] == [k.model for k in registry.admin_kinds()]


def test_the_roles_permissions_cover_exactly_the_registry_kinds():
    """Editors get the moderated kinds' permissions, and those of the kinds that are saved,
    not reviewed (the axes of a plan in draft: ``AxisForm``)."""
    roles.ensure_roles()
    moderated = {k.model for k in registry.moderated_kinds()}
    structure = {k.model for k in registry.public_kinds() if not k.moderated}
    assert set(roles.editorial_snippet_models()) == moderated
    cms_types = ContentType.objects.filter(app_label="cms_blocks")
    editors = Group.objects.get(name=roles.group_name(roles.EDITORS_ROLE))
    granted = {
        p.content_type.model_class()
        for p in editors.permissions.filter(content_type__in=cms_types).select_related(
            "content_type"
        )
    }
    assert granted == moderated | structure


def test_the_workflow_is_assigned_to_exactly_the_moderated_kinds():
    roles.ensure_roles()
    assigned = {
        wct.content_type.model_class()
        for wct in WorkflowContentType.objects.select_related("content_type", "workflow")
        if wct.workflow.name == roles.workflow_name()
    }
    assert assigned == {k.model for k in registry.moderated_kinds()}
