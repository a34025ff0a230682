from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

# -- the blocks a page's StreamField offers ---------------------------------------------------

_CONTENT_BLOCKS = {}  # StreamField name -> block class, in the order they were declared


def content_block(name):
    """Offer the decorated block class in ``CONTENT_BLOCKS`` under ``name``.

    A new block is declared where it is written, so adding one touches its module, its
    template and its test, and no list elsewhere. The picker groups blocks by ``Meta.group``
    and lists them in declaration order (the order ``cms_blocks.blocks`` imports its modules).
    """

    def register(block_class):
        if _CONTENT_BLOCKS.get(name, block_class) is not block_class:
            raise ImproperlyConfigured(f"Two content blocks are named {name!r}.")
        _CONTENT_BLOCKS[name] = block_class
        return block_class

    return register


def content_blocks():
    """``[(name, block instance)]`` of the declared blocks, in declaration order."""
    return [(name, block_class()) for name, block_class in _CONTENT_BLOCKS.items()]


class LiveSnippetChooserBlock(SnippetChooserBlock):
    """Chooses a snippet; renders it only while it is published (live)."""

    def get_preview_value(self):
        model = self.model_class
        return model.objects.filter(live=True).order_by("pk").first()


def plan_chooser():
    """The «plan» field of a block that lists a plan's things: empty, the page's plan (or the
    current one); chosen, that plan."""
    from ..models import ActionPlan

    return LiveSnippetChooserBlock(
        ActionPlan,
        label=_("plan de acción"),
        required=False,
        help_text=_("Vacío: el plan de la página donde está el bloque o, si no tiene, el vigente."),
    )


def first_live(model):
    return model.objects.filter(live=True).order_by("pk").first()


def is_live(obj):
    return obj is not None and obj.live


class DomainBlock(blocks.StructBlock):
    """A StructBlock backed by a model, in the way of cfgov's ``ModelBlock``.

    A subclass declares what it reads, and the base builds the queryset:

    - ``model``: the model; ``get_queryset()`` starts from its published objects (override it
      to use a shared recipe of ``cms_blocks.queries``);
    - ``filters``: ``{block field: lookup}``; a value chosen in the block filters by it, an
      empty one does not filter;
    - ``ordering``: a tuple for ``order_by``, or None for the model's own ordering;
    - ``limit_field``: the block field holding a maximum number of objects, if any;
    - ``context_name``: the template variable the objects go to (None: the block builds its
      context itself, e.g. from ``get_chosen``);
    - ``plan_lookup``: for a model that belongs to an action plan, the lookup to its plan; the
      objects listed are then those of the block's plan (``get_plan``: its «plan» field, else
      the page's, else the current one), which the template gets as ``plan``.

    A block that shows one chosen snippet names its chooser in ``chosen_field``:
    ``get_chosen(value)`` gives it, read through ``get_queryset``, while it is published.
    Its preview picks published content on the site (``preview_defaults``).
    """

    model = None
    filters = {}
    ordering = None
    limit_field = None
    context_name = None
    plan_lookup = None
    chosen_field = None
    preview_defaults = {}

    def get_preview_value(self):
        return self.to_python(dict(self.preview_defaults))

    def get_queryset(self, value):
        return self.model.objects.live()

    def filter_queryset(self, queryset, value):
        for name, lookup in self.filters.items():
            if value.get(name):
                queryset = queryset.filter(**{lookup: value[name]})
        return queryset

    def get_limit(self, value):
        return value.get(self.limit_field) if self.limit_field else None

    def get_plan(self, value, parent_context=None):
        from ..plans import plan_for_context

        return plan_for_context(parent_context or {}, value.get("plan"))

    def in_plan(self, queryset, plan):
        if not self.plan_lookup:
            return queryset
        return queryset.filter(**{self.plan_lookup: plan}) if plan else queryset.none()

    def get_objects(self, value, plan=None):
        queryset = self.in_plan(self.get_queryset(value), plan)
        queryset = self.filter_queryset(queryset, value)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        limit = self.get_limit(value)
        return queryset[:limit] if limit else queryset

    def get_chosen(self, value):
        chosen = value.get(self.chosen_field)
        if not is_live(chosen):
            return None
        return self.get_queryset(value).filter(pk=chosen.pk).first()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        plan = None
        if self.plan_lookup:
            plan = context["plan"] = self.get_plan(value, parent_context)
        if self.context_name:
            context[self.context_name] = self.get_objects(value, plan)
        return context
