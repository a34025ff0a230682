"""Pages: any page model through wagtail-factories, published with a revision."""

import json
import uuid

import factory
import wagtail_factories
from django.utils.text import slugify


def stream(*blocks):
    """A StreamField's raw value from ``(block_type, value)`` pairs (values as stored)."""
    return json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in blocks])


def publish_page(page, state="live"):
    revision = page.save_revision()
    if state == "live":
        revision.publish()
    page.refresh_from_db()
    return page


class PageFactory(wagtail_factories.PageFactory):
    """Subclass it with ``Meta.model`` = a site's page type (the extension's test site does,
    for ``TestPage``). Traits: ``draft=True`` (never published, ``live=False``, one revision)."""

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(publication_state="draft", live=False)

    publication_state = "live"  # not a field: taken out before the page is built

    title = factory.Sequence(lambda n: f"Página {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        state = kwargs.pop("publication_state")
        return publish_page(super()._create(model_class, *args, **kwargs), state)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("publication_state")
        return super()._build(model_class, *args, **kwargs)
