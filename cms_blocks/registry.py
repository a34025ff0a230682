"""The registry of public kinds: what each snippet model is publicly, declared once.

Each snippet model of the extension declares, next to its class (``@public_kind(...)``):

- ``search_kind`` / ``label`` / ``label_plural``: its kind in the public search (the ``tipo``
  filter's value and the Spanish name of a result's type); empty: not searched;
- ``sitemap``: its detail pages (``get_absolute_url()``) are in the sitemap;
  ``sitemap_list``: the URL name of its list page, listed in the sitemap too;
- ``feed_summary``: the field that summarises it in the «novedades» feed; empty: not in it;
- ``api``: the name of its endpoint in the public API (``/api/v2/<name>/``); empty: none;
- ``plan_path``: the lookup from the model to its action plan (``"committee__plan"``); by
  default ``"plan"`` when the model has a ``plan`` field, else none (a kind shared by every
  plan, such as institutions);
- ``moderated``: it goes through the review workflow, and the roles get their permissions on
  it (every ``EditorialSnippet`` is moderated; axes, saved and not published, are not);
- ``order`` (public listings: search types, sitemap, API, feed) and ``menu_order`` (its place
  in the admin's «Gobierno abierto» menu).

Search, feeds, sitemaps, the API, the moderation roles and workflow, and the admin's viewset
group read this registry, so a new kind touches its own module (its model, with this
declaration, and its own viewset / API viewset / search code if it has one) and nothing else.

This module sits at the bottom of the layers, with the models: it imports nothing of
``cms_blocks``. It is full once the models are imported (``apps.ready``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class PublicKind:
    model: type
    order: int
    menu_order: int
    search_kind: str = ""
    label: Promise | str = ""
    label_plural: Promise | str = ""
    sitemap: bool = False
    sitemap_list: str = ""
    feed_summary: str = ""
    api: str = ""
    moderated: bool = True
    plan_path: str | None = None

    @property
    def plan_lookup(self):
        """The lookup to the kind's action plan, or None for a kind that no plan owns."""
        if self.plan_path is not None:
            return self.plan_path or None
        names = {field.name for field in self.model._meta.get_fields()}
        return "plan" if "plan" in names and self.model.__name__ != "ActionPlan" else None

    @property
    def label_lower(self):
        """``app_label.model_name``, as a migration's historical registry knows the model."""
        return self.model._meta.label_lower

    @property
    def searched(self):
        return bool(self.search_kind)


_KINDS = {}  # model → PublicKind


def register(kind):
    """Add ``kind`` to the registry (replacing an earlier entry for the same model)."""
    for other in _KINDS.values():
        if other.model is kind.model:
            continue
        for attribute in ("search_kind", "api"):
            value = getattr(kind, attribute)
            if value and value == getattr(other, attribute):
                raise ValueError(
                    f"{kind.model.__name__} and {other.model.__name__} share {attribute}={value!r}"
                )
    _KINDS[kind.model] = kind
    return kind


def public_kind(**options):
    """Class decorator: register the model as a public kind (see the module's docstring)."""

    def decorator(model):
        register(PublicKind(model=model, **options))
        return model

    return decorator


def public_kinds():
    """Every registered kind, in public order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.model.__name__))


def kind_for(model):
    """The registered kind of ``model``, or None."""
    return _KINDS.get(model)


def searched_kinds():
    return [kind for kind in public_kinds() if kind.searched]


def sitemap_kinds():
    return [kind for kind in public_kinds() if kind.sitemap]


def sitemap_list_pages():
    return [kind.sitemap_list for kind in public_kinds() if kind.sitemap_list]


def feed_kinds():
    return [kind for kind in public_kinds() if kind.feed_summary]


def api_kinds():
    return [kind for kind in public_kinds() if kind.api]


def moderated_kinds():
    return [kind for kind in public_kinds() if kind.moderated]


def admin_kinds():
    """Every kind, in the admin menu's order."""
    return sorted(_KINDS.values(), key=lambda kind: (kind.menu_order, kind.model.__name__))
