from django.db import OperationalError, ProgrammingError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import queries
from ..models import Axis, Commitment, CommitmentStatus, Institution
from .base import DomainBlock, LiveSnippetChooserBlock, content_block, first_live, plan_chooser


def axis_choices():
    """The axes of every plan by slug (a slug names the same axis in each plan that has it),
    read when the admin form is built (editors can add axes). The block lists the axis of its
    own plan."""
    try:
        choices = {}
        for axis in Axis.objects.order_by("sort_order", "name"):
            choices.setdefault(axis.slug, axis.name)
        return list(choices.items())
    except (OperationalError, ProgrammingError):  # table not there yet, during migrate
        return []


class AxisChoiceBlock(blocks.ChoiceBlock):
    """The axis filter: a slug chosen among ``axis_choices``.

    Wagtail's ``ChoiceBlock.to_python`` looks the stored value up in the choices, which with
    callable choices means one query of every axis each time the block is read from the
    database. A slug is stored as the string it is, so it is taken as it is: reading the block
    costs no query (the admin form still validates the choice against today's axes)."""

    def to_python(self, value):
        return value


def commitment_queryset():
    """Published commitments with everything their cards show (``cms_blocks.queries``)."""
    return queries.commitments()


@content_block("commitment")
class CommitmentBlock(DomainBlock):
    commitment = LiveSnippetChooserBlock(Commitment, label=_("compromiso"))
    show_milestones = blocks.BooleanBlock(label=_("mostrar hitos"), required=False, default=True)

    class Meta:
        icon = "tick-inverse"
        label = _("Compromiso")
        group = _("Plan de acción")
        template = "cms_blocks/blocks/commitment.html"
        description = _("Un compromiso del plan con su avance, valores OGP e hitos.")

    model = Commitment
    chosen_field = "commitment"

    def get_preview_value(self):
        return self.to_python(
            {"commitment": getattr(first_live(Commitment), "pk", None), "show_milestones": True}
        )

    def get_queryset(self, value):
        return commitment_queryset()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["commitment"] = self.get_chosen(value)
        return context


@content_block("commitment_list")
class CommitmentListBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    plan = plan_chooser()
    axis = AxisChoiceBlock(label=_("eje"), required=False, choices=axis_choices)
    status = blocks.ChoiceBlock(label=_("estado"), required=False, choices=CommitmentStatus.choices)
    institution = LiveSnippetChooserBlock(Institution, label=_("institución líder"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Lista de compromisos")
        group = _("Plan de acción")
        template = "cms_blocks/blocks/commitment_list.html"
        description = _("Los compromisos publicados, filtrados por eje, estado o institución.")

    preview_defaults = {"heading": "Compromisos del plan"}
    model = Commitment
    filters = {"axis": "axis__slug", "status": "status", "institution": "lead_institution"}
    context_name = "commitments"
    plan_lookup = "plan"

    def get_queryset(self, value):
        return commitment_queryset()
