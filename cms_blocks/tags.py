"""Tags for citizens: ``/etiquetas/`` and ``/etiquetas/<tag>/``.

Commitments carry taggit's tags (``Commitment.tags``, through ``CommitmentTag``); a site's
page types may carry the same tags. The extension never imports the site, so it finds the
tagged page types by itself: every installed, concrete taggit through model
(``taggit.models.ItemBase``) whose ``content_object`` is a foreign key (a ``ParentalKey``
too) to a Wagtail ``Page`` subclass (``tagged_page_models``). A site adds tags to a page type
as Wagtail's documentation says (a ``TaggedItemBase`` subclass and a
``ClusterTaggableManager``) and its pages appear on the tag pages with no setting.

Only what is public is listed, and a tag is public only through it: published commitments of
published plans (``queries.in_plan``), each under its plan, marked current, closed or
upcoming; live pages outside any private section and under a Site's root. A tag that no
public content carries (unknown, or carried only by a draft, a private page or an
unpublished plan's commitment) is a 404. Every page runs a fixed number of queries.
"""

import functools
import operator
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.models import ItemBase, Tag
from wagtail.models import Page, Site

from . import queries
from .context import home_crumb
from .plans import current_plan
from .templatetags.cms_blocks_i18n import lang_span

# A tag's slug as taggit writes it: letters (accented ones too, unless
# TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING), digits, hyphens and underscores.
TAG_SLUG = r"[-\w]+"


@functools.cache
def tagged_page_models():
    """The through models that tag Wagtail pages (``content_object`` → a Page subclass)."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, ItemBase) or model._meta.abstract or model._meta.proxy:
            continue
        try:
            field = model._meta.get_field("content_object")
        except FieldDoesNotExist:
            continue
        target = getattr(field, "related_model", None)
        if field.many_to_one and isinstance(target, type) and issubclass(target, Page):
            found.append(model)
    return tuple(sorted(found, key=lambda m: m._meta.label))


def public_pages():
    """Live pages outside any private section, under the root of a Site (they have a URL).
    Costs one query (the view restrictions) when built; the Site roots are Wagtail's cache."""
    roots = [Q(url_path__startswith=root.root_path) for root in Site.get_site_root_paths()]
    if not roots:
        return Page.objects.none()
    return (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .filter(functools.reduce(operator.or_, roots))
    )


def _tagged_page_ids(models, tag):
    return functools.reduce(
        operator.or_,
        (Q(pk__in=model.objects.filter(tag=tag).values("content_object_id")) for model in models),
    )


def tagged_pages(tag):
    """The public pages that carry ``tag``, by title (one query, whatever the page types)."""
    models = tagged_page_models()
    if not models:
        return Page.objects.none()
    return public_pages().filter(_tagged_page_ids(models, tag)).order_by("title", "pk")


def page_tag_counts():
    """{tag id: number of public pages carrying it}: one query per tagged page type."""
    models = tagged_page_models()
    if not models:
        return {}
    pages = public_pages().values("pk")
    counts = {}
    for model in models:
        rows = (
            model.objects.filter(content_object_id__in=pages)
            .values("tag_id")
            .annotate(n=Count("content_object_id", distinct=True))
            .order_by()
        )
        for row in rows:
            counts[row["tag_id"]] = counts.get(row["tag_id"], 0) + row["n"]
    return counts


@dataclass
class TagUse:
    tag: Tag
    commitments: int
    pages: int

    @property
    def total(self):
        return self.commitments + self.pages

    @property
    def url(self):
        return tag_url(self.tag)


def tags_in_use():
    """[TagUse] of every tag that public content carries, by name."""
    commitment_counts = queries.commitment_tag_counts()
    page_counts = page_tag_counts()
    ids = set(commitment_counts) | set(page_counts)
    if not ids:
        return []
    return [
        TagUse(tag, commitment_counts.get(tag.pk, 0), page_counts.get(tag.pk, 0))
        for tag in Tag.objects.filter(pk__in=ids).order_by("name", "pk")
    ]


def public_tags():
    """The tags that public content carries, by name, without counts: one query (and the
    view restrictions'), for the sitemap."""
    from .models import Commitment, CommitmentTag

    live_commitments = queries.in_plan(Commitment.objects.live())
    condition = Q(
        pk__in=CommitmentTag.objects.filter(content_object__in=live_commitments).values("tag_id")
    )
    models = tagged_page_models()
    if models:
        pages = public_pages().values("pk")
        for model in models:
            condition |= Q(
                pk__in=model.objects.filter(content_object_id__in=pages).values("tag_id")
            )
    return list(Tag.objects.filter(condition).order_by("name", "pk"))


def tag_url(tag):
    return reverse("cms_blocks:tag_detail", kwargs={"tag": tag.slug})


def plan_standing(plan, current):
    """ "current", "upcoming" or "closed": a plan's place next to the current plan (as on
    ``/planes/``)."""
    if current is not None and plan.pk == current.pk:
        return "current"
    if current is not None and plan.period_start >= current.period_start:
        return "upcoming"
    return "closed"


def commitments_by_plan(commitments, current):
    """[{plan, standing, commitments}] in the commitments' order (newest plan first)."""
    groups = []
    for commitment in commitments:
        if not groups or groups[-1]["plan"].pk != commitment.plan_id:
            groups.append(
                {
                    "plan": commitment.plan,
                    "standing": plan_standing(commitment.plan, current),
                    "commitments": [],
                }
            )
        groups[-1]["commitments"].append(commitment)
    # The current plan first, then the upcoming ones, then the closed ones (newest first).
    order = {"current": 0, "upcoming": 1, "closed": 2}
    return sorted(groups, key=lambda group: order[group["standing"]])


def tags_breadcrumbs(*trail):
    return [
        home_crumb(),
        (_("Etiquetas"), reverse("cms_blocks:tag_index") if trail else None),
        *trail,
    ]


@require_safe
def tag_index(request):
    """Every tag that public content carries, with how many commitments and pages."""
    uses = tags_in_use()
    return render(
        request,
        "cms_blocks/pages/tag_index.html",
        {"tag_uses": uses, "page_title": _("Etiquetas"), "breadcrumbs": tags_breadcrumbs()},
    )


@require_safe
def tag_detail(request, tag):
    """The public commitments (under their plan) and pages that carry a tag."""
    found = Tag.objects.filter(slug=tag).first()
    if found is None:
        raise Http404(_("No existe esa etiqueta."))
    current = current_plan(request)
    commitments = list(queries.tagged_commitments(found))
    pages = [
        {"page": page, "url": url}
        for page in tagged_pages(found)
        if (url := page.get_url(request)) is not None
    ]
    if not commitments and not pages:
        raise Http404(_("Ningún contenido publicado tiene esa etiqueta."))
    title = _("Etiqueta «%(tag)s»") % {"tag": found.name}
    return render(
        request,
        "cms_blocks/pages/tag_detail.html",
        {
            "tag": found,
            "plan_groups": commitments_by_plan(commitments, current),
            "commitment_count": len(commitments),
            "pages": pages,
            "current_plan": current,
            "page_title": title,
            "breadcrumbs": tags_breadcrumbs((lang_span(found.name), None)),
        },
    )
