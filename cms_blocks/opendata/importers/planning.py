"""Planning an import: what each row would create or change, checked before anything is written.

The rows are resolved against the site (axes, institutions, documents, existing commitments,
read in a fixed number of queries), validated with the models' own ``full_clean`` and
compared with what is there, so the dry run can say what would change.

An import goes into one action plan, chosen by the person importing: axes resolve within it,
new commitments are created in it, and a row naming a commitment of another plan is an error
(a commitment is never moved by an import). The files' ``plan`` column, which the export
writes, may be empty or name the chosen plan; anything else is an error.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from ... import queries
from ...models import Axis, Commitment, Institution, Milestone
from ..datasets import COMMITMENT_COLUMNS, COMMITMENT_FIELDS, MILESTONE_COLUMNS, MILESTONE_FIELDS
from ..formats import text_value
from .issues import COMMITMENTS_FILE, MILESTONES_FILE, Issue, validation_issues

# The column of the export that says which plan a row belongs to (checked, never written).
PLAN_COLUMN = "plan"
# Columns that hold relations, resolved after parsing (the others are set as they are read).
RELATION_COLUMNS = {"eje", "institucion_lider", "actores_involucrados", "etiquetas"}
# Milestone columns that identify or point (the others are set as they are read).
MILESTONE_KEYS = {"id", "compromiso", "evidencia_documento"}

MILESTONE_COMPARED = [
    c for c in MILESTONE_COLUMNS if c.importable and c.name not in ("id", "compromiso")
]


@dataclass
class PlannedCommitment:
    action: str  # "create", "update" or "unchanged"
    slug: str
    title: str
    line: int | None = None
    instance: Commitment | None = None
    row: object = None  # the reading.Row of the commitments file, if any
    milestone_rows: list | None = None  # None: keep the current milestones
    changed: list = field(default_factory=list)
    milestones_before: int = 0
    milestones_after: int = 0
    replaces_draft: bool = False
    actors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    new_milestones: list = field(default_factory=list)

    @property
    def action_label(self):
        return {
            "create": _("Crear (borrador)"),
            "update": _("Nueva revisión (borrador)"),
            "unchanged": _("Sin cambios"),
        }[self.action]


def commitment_values(commitment):
    """{column: canonical text} of an existing commitment's importable columns."""
    return {c.name: text_value(c.get(commitment, None)) for c in COMMITMENT_COLUMNS if c.importable}


def milestone_values(milestone):
    return tuple(text_value(c.get(milestone, None)) for c in MILESTONE_COMPARED)


@dataclass
class Lookups:
    """What the rows point to on the site, by slug (documents by id)."""

    existing: dict
    axes: dict
    institutions: dict
    documents: dict


def load_lookups(commitment_rows, milestone_rows, plan):
    slugs = {row.values["slug"] for row in commitment_rows if row.values.get("slug")}
    slugs |= {row.values["compromiso"] for row in milestone_rows if row.values.get("compromiso")}
    # Drafts and unpublished commitments too: the import updates them. Every plan's: a slug
    # is unique on the site, and one of another plan must be reported, not created again.
    existing = queries.commitments(
        Commitment.objects.source_language().filter(slug__in=slugs), tags=True
    )
    institution_slugs = set()
    for row in commitment_rows:
        if row.values.get("institucion_lider"):
            institution_slugs.add(row.values["institucion_lider"])
        institution_slugs.update(row.values.get("actores_involucrados") or [])
    document_ids = {
        row.values["evidencia_documento"]
        for row in milestone_rows
        if row.values.get("evidencia_documento") is not None
    }
    return Lookups(
        existing={c.slug: c for c in existing},
        axes={a.slug: a for a in Axis.objects.filter(plan=plan)},
        institutions={
            i.slug: i
            for i in Institution.objects.source_language().filter(slug__in=institution_slugs)
        },
        documents={d.pk: d for d in get_document_model().objects.filter(pk__in=document_ids)},
    )


class Planner:
    """Builds the plan of an import into the action plan ``action_plan``; every problem found
    goes to ``issues``."""

    def __init__(self, issues, with_milestones, action_plan):
        self.issues = issues
        self.with_milestones = with_milestones  # a milestones file was given
        self.action_plan = action_plan

    def issue(self, file_label, line, column, message):
        self.issues.append(Issue(file_label, line, column, message))

    def build(self, commitment_rows, milestone_rows):
        """The planned commitments, or [] when anything (reading included) went wrong."""
        self._check_plan_column(COMMITMENTS_FILE, commitment_rows)
        self._check_plan_column(MILESTONES_FILE, milestone_rows)
        lookups = load_lookups(commitment_rows, milestone_rows, self.action_plan)
        self._check_other_plans(commitment_rows, milestone_rows, lookups.existing)
        milestones_by_slug = self._group_milestones(milestone_rows)
        planned = self._plan_rows(commitment_rows, lookups)
        self._plan_without_rows(planned, milestones_by_slug, lookups.existing)
        for slug, item in planned.items():
            if item is None:
                continue
            if self.with_milestones:
                item.milestone_rows = milestones_by_slug.get(slug, [])
                self._plan_milestones(item, lookups.documents)
            if item.action == "update" and not item.changed:
                item.action = "unchanged"
        if self.issues:
            return []
        return [item for item in planned.values() if item is not None]

    def _check_plan_column(self, file_label, rows):
        """The ``plan`` cell of each row: empty, or the chosen plan's slug."""
        chosen = self.action_plan.slug
        for row in rows:
            found = (row.raw.get(PLAN_COLUMN) or "").strip()
            if found and found != chosen:
                message = _(
                    "La fila es del plan «%(found)s», pero eligió importar en el plan "
                    "«%(chosen)s». Elija el plan «%(found)s» en el formulario, o deje vacía la "
                    "columna «plan» para importar la fila en «%(chosen)s»."
                ) % {"found": found, "chosen": chosen}
                self.issue(file_label, row.line, PLAN_COLUMN, message)

    def _check_other_plans(self, commitment_rows, milestone_rows, existing):
        """Rows naming a commitment of another plan: an error, never a silent move. Those
        commitments are then left out of ``existing``, so that nothing else is planned for
        them."""
        others = {
            slug: commitment
            for slug, commitment in existing.items()
            if commitment.plan_id != self.action_plan.pk
        }
        if not others:
            return
        message = _(
            "El compromiso «%(slug)s» ya existe y pertenece al plan «%(other)s», no al plan "
            "elegido («%(chosen)s»). Una importación no cambia un compromiso de plan: elija el "
            "plan «%(other)s» en el formulario para modificarlo, o use otro slug para crear un "
            "compromiso nuevo en «%(chosen)s»."
        )
        for file_label, rows, column in (
            (COMMITMENTS_FILE, commitment_rows, "slug"),
            (MILESTONES_FILE, milestone_rows, "compromiso"),
        ):
            for row in rows:
                commitment = others.get(row.values.get(column))
                if commitment is not None:
                    self.issue(
                        file_label,
                        row.line,
                        column,
                        message
                        % {
                            "slug": commitment.slug,
                            "other": commitment.plan.slug,
                            "chosen": self.action_plan.slug,
                        },
                    )
                    row.other_plan = True
        for slug in others:
            del existing[slug]

    def _group_milestones(self, milestone_rows):
        """Milestone rows by commitment slug, in file order."""
        by_slug = {}
        for row in milestone_rows:
            if row.other_plan:
                continue
            slug = row.values.get("compromiso")
            if not slug:
                message = _("Falta el slug del compromiso.")
                self.issue(MILESTONES_FILE, row.line, "compromiso", message)
                continue
            by_slug.setdefault(slug, []).append(row)
        return by_slug

    def _plan_rows(self, commitment_rows, lookups):
        """{slug: PlannedCommitment, or None when its row has problems}, in file order."""
        planned = {}
        seen_lines = {}
        for row in commitment_rows:
            if row.other_plan:
                continue
            slug = row.values.get("slug")
            if not slug:
                self.issue(COMMITMENTS_FILE, row.line, "slug", _("Falta el slug."))
                continue
            if slug in seen_lines:
                message = _("El slug «%(slug)s» ya aparece en la línea %(line)s.") % {
                    "slug": slug,
                    "line": seen_lines[slug],
                }
                self.issue(COMMITMENTS_FILE, row.line, "slug", message)
                continue
            seen_lines[slug] = row.line
            planned[slug] = self._plan_commitment(row, lookups.existing.get(slug), lookups)
        return planned

    def _plan_without_rows(self, planned, milestones_by_slug, existing):
        """Commitments that only the milestones file mentions: they must exist."""
        for slug, rows in milestones_by_slug.items():
            if slug in planned:
                continue
            if slug in existing:
                planned[slug] = planned_without_row(existing[slug])
                continue
            message = _(
                "No existe un compromiso con el slug «%(slug)s», ni en el sitio ni en el "
                "archivo de compromisos."
            ) % {"slug": slug}
            for row in rows:
                self.issue(MILESTONES_FILE, row.line, "compromiso", message)

    def _plan_commitment(self, row, commitment, lookups):
        issues_before = len(self.issues)
        values = row.values
        axis, lead, actors = self._resolve_relations(row, lookups)
        old_values = commitment_values(commitment) if commitment is not None else None
        instance = commitment if commitment is not None else Commitment(plan=self.action_plan)
        for column, field_name in COMMITMENT_FIELDS.items():
            if column not in RELATION_COLUMNS:
                setattr(instance, field_name, values[column])
        instance.axis = axis
        instance.lead_institution = lead
        try:
            instance.full_clean()
        except ValidationError as error:
            self.issues.extend(validation_issues(error, COMMITMENTS_FILE, row, COMMITMENT_FIELDS))
        before = len(commitment.milestones.all()) if commitment is not None else 0
        item = PlannedCommitment(
            action="create" if commitment is None else "update",
            slug=values["slug"],
            title=values.get("titulo") or values["slug"],
            line=row.line,
            instance=instance,
            row=row,
            milestones_before=before,
            milestones_after=before,
            replaces_draft=bool(commitment is not None and commitment.has_unpublished_changes),
            actors=actors,
            tags=values.get("etiquetas") or [],
        )
        if commitment is not None:
            item.changed = changed_columns(commitment, old_values, item, axis, lead)
        return None if len(self.issues) > issues_before else item

    def _resolve_relations(self, row, lookups):
        """(axis, lead institution, supporting actors) named by the row; unknown slugs and
        over-long tags are issues."""
        values = row.values

        def unknown(column, message, slug):
            self.issue(COMMITMENTS_FILE, row.line, column, message % {"slug": slug})

        no_institution = _("No existe una institución con el slug «%(slug)s».")
        axis = lookups.axes.get(values["eje"]) if values.get("eje") else None
        if values.get("eje") and axis is None:
            message = _(
                "El plan «%(plan)s» no tiene un eje con el slug «%(slug)s». Use uno de los "
                "ejes de ese plan."
            )
            self.issue(
                COMMITMENTS_FILE,
                row.line,
                "eje",
                message % {"plan": self.action_plan.slug, "slug": values["eje"]},
            )
        lead_slug = values.get("institucion_lider")
        lead = lookups.institutions.get(lead_slug) if lead_slug else None
        if lead_slug and lead is None:
            unknown("institucion_lider", no_institution, lead_slug)
        actors = []
        for slug in values.get("actores_involucrados") or []:
            if slug in lookups.institutions:
                actors.append(lookups.institutions[slug])
            else:
                unknown("actores_involucrados", no_institution, slug)
        for tag in values.get("etiquetas") or []:
            if len(tag) > 100:
                message = _("La etiqueta «%(tag)s» pasa de 100 caracteres.") % {"tag": tag[:30]}
                self.issue(COMMITMENTS_FILE, row.line, "etiquetas", message)
        return axis, lead, actors

    def _plan_milestones(self, item, documents):
        current = {}
        if item.action != "create":
            current = {m.pk: m for m in item.instance.milestones.all()}
        new_milestones = []
        seen_ids = {}
        for row in item.milestone_rows:
            milestone = self._milestone(row, current, documents, seen_ids)
            if milestone is not None:
                new_milestones.append(milestone)
        # By «orden»; rows without it keep their place in the file, after the numbered ones.
        new_milestones.sort(key=lambda m: (m.sort_order is None, m.sort_order or 0))
        item.new_milestones = new_milestones
        item.milestones_after = len(new_milestones)
        if item.action != "create":
            before = [milestone_values(m) for m in item.instance.milestones.all()]
            if before != [milestone_values(m) for m in new_milestones]:
                item.changed.append("hitos")

    def _milestone(self, row, current, documents, seen_ids):
        """The milestone a row describes (unsaved), or None when the row has a problem."""
        values = row.values
        milestone_id = values.get("id")
        if milestone_id is not None and milestone_id in seen_ids:
            message = _("El hito %(id)s ya aparece en la línea %(line)s.") % {
                "id": milestone_id,
                "line": seen_ids[milestone_id],
            }
            self.issue(MILESTONES_FILE, row.line, "id", message)
            return None
        if milestone_id is not None:
            seen_ids[milestone_id] = row.line
        document = None
        if values.get("evidencia_documento") is not None:
            document = documents.get(values["evidencia_documento"])
            if document is None:
                message = _("No existe el documento %(id)s en la biblioteca de documentos.") % {
                    "id": values["evidencia_documento"]
                }
                self.issue(MILESTONES_FILE, row.line, "evidencia_documento", message)
                return None
        milestone = Milestone(
            pk=milestone_id if milestone_id in current else None,
            evidence_document=document,
            **{f: values[c] for c, f in MILESTONE_FIELDS.items() if c not in MILESTONE_KEYS},
        )
        try:
            milestone.full_clean(exclude=["commitment", "id"])
        except ValidationError as error:
            self.issues.extend(validation_issues(error, MILESTONES_FILE, row, MILESTONE_FIELDS))
            return None
        return milestone


def planned_without_row(commitment):
    """An existing commitment that only gets its milestones from the file."""
    count = len(commitment.milestones.all())
    return PlannedCommitment(
        action="update",
        slug=commitment.slug,
        title=commitment.title,
        instance=commitment,
        milestones_before=count,
        milestones_after=count,
        replaces_draft=commitment.has_unpublished_changes,
    )


def changed_columns(commitment, old_values, item, axis, lead):
    """The importable columns whose canonical text the row changes."""
    values = item.row.values
    new_values = {
        name: text_value(values[name]) if name not in RELATION_COLUMNS else None
        for name in old_values
    }
    new_values["eje"] = text_value(axis.slug if axis else None)
    new_values["institucion_lider"] = text_value(lead.slug if lead else None)
    new_values["actores_involucrados"] = text_value(sorted(a.slug for a in item.actors))
    new_values["etiquetas"] = text_value(sorted(set(item.tags)))
    old_values = {
        **old_values,
        "actores_involucrados": text_value(
            sorted(a.slug for a in commitment.supporting_actors.all())
        ),
    }
    return [name for name in old_values if old_values[name] != new_values[name]]


def permission_issues(plan, user):
    """Who may write what, and objects that cannot take a new revision now."""
    issues = [
        Issue(
            COMMITMENTS_FILE,
            item.line,
            "slug",
            _(
                "El compromiso «%(slug)s» está en revisión; espere la decisión o "
                "cancele la revisión antes de importar."
            )
            % {"slug": item.slug},
        )
        for item in plan
        if item.action == "update" and item.instance.workflow_in_progress
    ]
    if user is not None:
        for item in plan:
            issues.extend(user_issues(item, user))
    return issues


def user_issues(item, user):
    """What ``user`` may not do to one planned commitment."""
    if item.action == "create" and not user.has_perm("cms_blocks.add_commitment"):
        return [
            Issue(
                COMMITMENTS_FILE, item.line, "slug", _("No tiene permiso para crear compromisos.")
            )
        ]
    if item.action != "update":
        return []
    if not user.has_perm("cms_blocks.change_commitment"):
        message = _("No tiene permiso para modificar el compromiso «%(slug)s».")
    elif item.instance.locked and item.instance.locked_by_id != user.pk:
        message = _("El compromiso «%(slug)s» está bloqueado por otra persona.")
    else:
        return []
    return [Issue(COMMITMENTS_FILE, item.line, "slug", message % {"slug": item.slug})]
