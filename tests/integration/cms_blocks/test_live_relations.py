"""A snippet reached through another snippet is public only while it is itself published.

The relations are walked from the models: every foreign key, one-to-one or many-to-many from
one editorial snippet (``EditorialSnippet`` subclass) to another, found with
``_meta.get_fields()``. A relation added later is therefore covered without editing this file.

For each relation, a published source object is pointed at a *ghost* target carrying a
distinctive marker in its name, title and slug. The ghost is either never published (a draft
created in the admin) or published and then unpublished. The marker must then appear on no
public page, API endpoint, dataset file, feed, QR sheet or search result.
"""

import json
import uuid
from urllib.parse import urlencode

import pytest
from django.apps import apps
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page

from cms_blocks.models import (
    ActionPlan,
    Commitment,
    Committee,
    EditorialSnippet,
)
from cms_blocks.opendata.datasets import DATASETS
from cms_blocks.plans import plan_sections
from home.models import ContentPage, HomePage
from ogp_site.api import api_router

pytestmark = pytest.mark.django_db

API_LIMIT = 20  # Wagtail API's default WAGTAILAPI_LIMIT_MAX
MARKER = "qzfantasma"  # lower case: compared with the lower-cased response bodies

# Relations that exist today; the walk must find at least these (it cannot pass vacuously).
KNOWN_RELATIONS = {
    ("Commitment", "lead_institution"),
    ("Commitment", "supporting_actors"),
    ("CommitteeMember", "committee"),
    ("MonitorReport", "monitor"),
    ("MonitorReport", "commitment"),
}

# Fields a ghost does not copy from the object it imitates (its publication state is its own).
STATE_FIELDS = {
    "id",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "translation_key",  # a ghost is another object, not a translation of the one it imitates
}


def editorial_models():
    return sorted(
        (m for m in apps.get_models() if issubclass(m, EditorialSnippet) and not m._meta.abstract),
        key=lambda m: m.__name__,
    )


def is_editorial(model):
    return isinstance(model, type) and issubclass(model, EditorialSnippet)


def snippet_relations():
    """(model, field) for every forward relation from an editorial snippet to another."""
    relations = []
    for model in editorial_models():
        for field in model._meta.get_fields():
            forward = field.is_relation and not field.auto_created
            if forward and is_editorial(field.related_model):
                relations.append((model, field))
    return relations


RELATIONS = snippet_relations()


def relation_id(relation):
    model, field = relation
    return f"{model.__name__}.{field.name}"


def test_the_walk_finds_every_known_relation():
    found = {(model.__name__, field.name) for model, field in RELATIONS}
    assert found >= KNOWN_RELATIONS, f"missing: {KNOWN_RELATIONS - found}"


# -- building the scene ------------------------------------------------------------------------


def make_ghost(model, label):
    """A new, never-published ``model`` object imitating a live one, marked in every text key."""
    original = model.objects.live().order_by("pk").first()
    assert original is not None, f"the seed has no live {model.__name__}"
    values = {
        f.attname: getattr(original, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in STATE_FIELDS
    }
    token = f"{MARKER}{label}{uuid.uuid4().hex[:6]}"
    for field in model._meta.concrete_fields:
        if field.name in ("name", "title"):
            values[field.attname] = f"{token.capitalize()} {field.name}"
        elif (
            field.unique or field.name in model.unique_per_locale
        ) and field.get_internal_type() in (
            "CharField",
            "SlugField",
        ):
            values[field.attname] = f"{token}-{field.name}"
    ghost = model(**values, live=False)
    ghost.save()
    ghost.save_revision()  # what the admin does when an editor creates a draft
    ghost.refresh_from_db()
    assert not ghost.live and ghost.first_published_at is None
    return ghost


def point_to(source, field, ghost):
    """Publish ``source`` with its relation ``field`` including (or being) ``ghost``."""
    source = type(source).objects.get(pk=source.pk)
    if field.many_to_many:
        if isinstance(field, ParentalManyToManyField):
            setattr(source, field.name, [*getattr(source, field.name).all(), ghost])
            source.save_revision().publish()
        else:
            source.save_revision().publish()
            getattr(source, field.name).add(ghost)
    else:
        setattr(source, field.name, ghost)
        if isinstance(ghost, ActionPlan):
            # Moved to another plan, the source keeps no relation to its old plan's objects
            # (a report's commitment, a commitment's axis must be of its own plan).
            for other in type(source)._meta.concrete_fields:
                related = other.related_model if other.is_relation else None
                if other.name != field.name and hasattr(related, "plan"):
                    setattr(source, other.name, None)
        source.save_revision().publish()
    source.refresh_from_db()
    assert source.live
    return source


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def page_with_domain_blocks(commitment):
    """A live page placing the domain blocks that show related snippets."""
    committee = Committee.objects.live().order_by("pk").first()
    page = ContentPage(
        title="Página con todos los bloques",
        slug=f"pagina-bloques-{uuid.uuid4().hex[:6]}",
        body=json.dumps(
            [
                block("commitment", {"commitment": commitment.pk, "show_milestones": True}),
                block("commitment_list", {"heading": "", "axis": "", "status": ""}),
                block("committee_roster", {"heading": "", "committee": committee.pk}),
                block("monitor_reports", {"heading": "", "moment": "", "limit": None}),
                block("institutions", {"heading": "", "role": ""}),
            ]
        ),
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page.url


def public_urls(extra_pages=()):
    """Every public reader of the site: pages, snippet pages, QR sheets, API, data, feeds."""
    urls = ["/", "/compromisos/", "/informes/", "/instituciones/", "/iniciativas/", "/datos/"]
    urls += [p.url for p in Page.objects.live().public().filter(depth__gt=1).specific()]
    urls += extra_pages
    for model in editorial_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        for obj in model.objects.live():
            urls.append(obj.get_absolute_url().split("#")[0])
    for commitment in Commitment.objects.live():
        urls.append(f"/compromisos/{commitment.slug}/qr/")
    for plan in ActionPlan.objects.live():
        urls += [url for _label, url, _active in plan_sections(plan)]
    for name, endpoint in snippet_endpoints():
        urls.append(f"/api/v2/{name}/?fields=*&limit={API_LIMIT}")
        for pk in endpoint.model.objects.live().values_list("pk", flat=True):
            urls.append(f"/api/v2/{name}/{pk}/")
    live_pages = Page.objects.live().public().filter(depth__gt=1).count()
    for offset in range(0, live_pages, API_LIMIT):
        urls.append(f"/api/v2/pages/?fields=*&limit={API_LIMIT}&offset={offset}")
    for slug in DATASETS:
        urls += [f"/datos/{slug}.csv", f"/datos/{slug}.json"]
    urls += ["/novedades/feed/", "/informes/feed/", "/sitemap.xml"]
    return list(dict.fromkeys(u for u in urls if u))


def snippet_endpoints():
    """(name, viewset) of the API endpoints that serve editorial snippets."""
    return [(n, e) for n, e in api_router._endpoints.items() if is_editorial(e.model)]


def own_urls(obj):
    """The URLs of an object itself: they may answer 404 once it is not live.

    The source's own URLs too: hiding a source whose parent is not live (a member of an
    unpublished committee) is one way of hiding the target."""
    urls = set()
    if hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url().split("#")[0]
        urls |= {url, f"{url}qr/"}
    for name, endpoint in snippet_endpoints():
        if endpoint.model is type(obj):
            urls.add(f"/api/v2/{name}/{obj.pk}/")
    return urls


def source_urls(source, target=None):
    """Where the source object itself is shown: its page and its API detail; for a source in
    a plan (the target), that plan's pages, which list it."""
    urls = own_urls(source) - {u for u in own_urls(source) if u.endswith("/qr/")}
    if isinstance(target, ActionPlan):
        urls |= {url for _label, url, _active in plan_sections(target)}
    return urls


def dependent_urls(obj):
    """The URLs of the editorial objects public only through ``obj`` (a committee's members):
    hidden with it, they may answer 404."""
    urls = set()
    for relation in obj._meta.related_objects:
        if relation.one_to_many and is_editorial(relation.related_model):
            for child in getattr(obj, relation.get_accessor_name()).all():
                urls |= own_urls(child)
    return urls


def search_urls(ghost):
    """The search, for the ghost's whole name (the marker alone is only part of a word)."""
    name = getattr(ghost, "name", None) or ghost.title
    return [f"/buscar/?{urlencode({'q': name, 'format': 'json'})}"]


def marked(client, urls, may_be_missing=()):
    """{url: excerpt} of the responses that contain the marker."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 404 and url in may_be_missing:
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace").lower()
        at = text.find(MARKER)
        if at >= 0:
            found[url] = text[max(0, at - 120) : at + 60]
    return found


def scene(seeded, relation):
    model, field = relation
    source = model.objects.live().order_by("pk").first()
    assert source is not None, f"the seed has no live {model.__name__}"
    ghost = make_ghost(field.related_model, field.name.replace("_", ""))
    source = point_to(source, field, ghost)
    shown = source if isinstance(source, Commitment) else Commitment.objects.live().first()
    pages = [page_with_domain_blocks(shown)]
    return source, ghost, pages


def report(found):
    return "\n".join(f"- {url}: …{excerpt}…" for url, excerpt in found.items())


# -- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("relation", RELATIONS, ids=relation_id)
def test_never_published_target_is_invisible(client, seeded, relation):
    source, ghost, pages = scene(seeded, relation)
    urls = public_urls(pages) + search_urls(ghost)
    assert len(urls) > 40
    found = marked(
        client, urls, may_be_missing=own_urls(ghost) | own_urls(source) | dependent_urls(source)
    )
    assert not found, (
        f"{relation_id(relation)} → a never-published {type(ghost).__name__} is shown:\n"
        + report(found)
    )


@pytest.mark.parametrize("relation", RELATIONS, ids=relation_id)
def test_unpublished_target_is_invisible(client, seeded, relation):
    source, ghost, pages = scene(seeded, relation)
    ghost.get_latest_revision().publish()
    ghost.refresh_from_db()
    assert ghost.live

    # While the target is live, the source's own page or API detail shows it: the scan
    # below can see the marker, so its silence after unpublishing means something.
    shown_on = sorted(source_urls(source, ghost))
    seen = marked(client, shown_on, may_be_missing=own_urls(ghost))
    assert seen, f"{relation_id(relation)}: a live target is not shown on {shown_on}"

    assert marked(client, search_urls(ghost)), "the search does not find a live target"

    ghost.unpublish()
    ghost.refresh_from_db()
    assert not ghost.live
    urls = public_urls(pages) + search_urls(ghost)
    found = marked(
        client, urls, may_be_missing=own_urls(ghost) | own_urls(source) | dependent_urls(source)
    )
    assert not found, (
        f"{relation_id(relation)} → an unpublished {type(ghost).__name__} is shown:\n"
        + report(found)
    )


# The accessor (``snippet.public``): tests/cms_blocks/test_live_relations.py.
