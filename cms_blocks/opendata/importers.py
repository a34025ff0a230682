"""CSV import of commitments and milestones, in exactly the format the export writes.

- The files are the ``compromisos.csv`` and ``hitos.csv`` of /datos/ (UTF-8, comma, header),
  so an export imported back changes nothing. Export-only columns (``id`` of a commitment,
  ``estado``, ``avance``, ``url``, ``ultima_publicacion``, ``evidencia_documento_url``) may be
  present or absent and are ignored.
- A commitment is identified by its ``slug``: an unknown slug creates one, a known one updates
  it. A milestone keeps its identity through ``id`` when it belongs to the same commitment.
- When a milestones file is given, it holds the *complete* list of milestones of every
  commitment it mentions and of every commitment in the commitments file.
- ``validate()`` reads everything and reports every problem by file, line and column, in
  Spanish, without writing anything (the dry run). ``apply()`` writes all or nothing, inside
  one transaction.
- Imported content enters the workflow as a draft: a new commitment is saved unpublished
  (``live=False``) with a first revision; an existing one gets a new revision, never
  published. Reviewers publish it as any other draft.
"""

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from ..models import Axis, Commitment, CommitmentTag, Institution, Milestone
from ..sanitize import sanitize_html
from .datasets import COMMITMENT_COLUMNS, MILESTONE_COLUMNS
from .formats import restore_formula_text, text_value

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

COMMITMENT_FIELDS = {
    "codigo": "code",
    "titulo": "title",
    "slug": "slug",
    "resumen": "summary",
    "eje": "axis",
    "institucion_lider": "lead_institution",
    "actores_involucrados": "supporting_actors",
    "problema": "problem",
    "situacion_actual": "status_quo",
    "descripcion": "description",
    "solucion": "solution",
    "valor_acceso_informacion": "value_access_to_information",
    "valor_participacion_civica": "value_civic_participation",
    "valor_rendicion_cuentas": "value_public_accountability",
    "valor_tecnologia_innovacion": "value_technology_innovation",
    "fecha_inicio": "start_date",
    "fecha_fin": "end_date",
    "etiquetas": "tags",
    "monitor_verificable": "monitor_verifiable",
    "monitor_relevante": "monitor_relevant",
    "monitor_practica_nueva": "monitor_new_practice",
    "monitor_potencial": "monitor_potential",
    "monitor_cumplimiento": "monitor_completion",
    "monitor_valoracion": "monitor_notes",
    "monitor_fuente": "monitor_source",
    "ilustrativo": "is_illustrative",
    "fuente": "source",
}
MILESTONE_FIELDS = {
    "id": "id",
    "compromiso": "commitment",
    "orden": "sort_order",
    "titulo": "title",
    "producto_esperado": "expected_output",
    "fecha_inicio": "start_date",
    "fecha_fin": "end_date",
    "responsable": "responsible",
    "estado": "status",
    "evidencia_url": "evidence_url",
    "evidencia_documento": "evidence_document",
    "ilustrativo": "is_illustrative",
}
# Columns that hold relations, resolved after parsing.
RELATION_COLUMNS = {"eje", "institucion_lider", "actores_involucrados", "etiquetas"}

COMMITMENTS_FILE = "compromisos"
MILESTONES_FILE = "hitos"


@dataclass
class Issue:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [_("archivo «%(file)s.csv»") % {"file": self.file}]
        if self.line is not None:
            where.append(_("línea %(line)s") % {"line": self.line})
        if self.column:
            where.append(_("columna «%(column)s»") % {"column": self.column})
        return f"{', '.join(where).capitalize()}: {self.message}"


@dataclass
class Row:
    line: int
    values: dict  # column -> parsed Python value (importable columns only)
    raw: dict  # column -> text as read
    bad_columns: set = field(default_factory=set)  # columns already reported


@dataclass
class PlannedCommitment:
    action: str  # "create", "update" or "unchanged"
    slug: str
    title: str
    line: int | None = None
    instance: Commitment | None = None
    row: Row | None = None
    milestone_rows: list | None = None  # None: keep the current milestones
    changed: list = field(default_factory=list)
    milestones_before: int = 0
    milestones_after: int = 0
    replaces_draft: bool = False

    ACTION_LABELS = {"create": "crear", "update": "actualizar", "unchanged": "sin cambios"}

    @property
    def action_label(self):
        return {
            "create": _("Crear (borrador)"),
            "update": _("Nueva revisión (borrador)"),
            "unchanged": _("Sin cambios"),
        }[self.action]


class ImportFailed(Exception):
    def __init__(self, issues):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


# -- reading ------------------------------------------------------------------------------------


def decode(content, file_label):
    """Text of an uploaded file: UTF-8 (a BOM is accepted), or an Issue."""
    if isinstance(content, str):
        return content, None
    if len(content) > MAX_FILE_BYTES:
        return None, Issue(
            file_label,
            None,
            None,
            _("El archivo pesa más de %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
        )
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        return None, Issue(
            file_label,
            line,
            None,
            _(
                "El archivo no está codificado en UTF-8. Guárdelo como «CSV UTF-8» o use el "
                "archivo descargado de /datos/."
            ),
        )


class _HTMLChecker(HTMLParser):
    ALLOWED = {
        "p": set(),
        "br": set(),
        "b": set(),
        "strong": set(),
        "i": set(),
        "em": set(),
        "ul": set(),
        "ol": set(),
        "li": set(),
        "h2": set(),
        "h3": set(),
        "h4": set(),
        "h5": set(),
        "h6": set(),
        "a": {"href", "linktype", "id"},
    }
    COMMON = {"data-block-key"}
    SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(_("la etiqueta <%(tag)s> no está permitida") % {"tag": tag})
            return
        for name, value in attrs:
            if name not in self.ALLOWED[tag] | self.COMMON:
                self.problems.append(
                    _("el atributo «%(attr)s» de <%(tag)s> no está permitido")
                    % {"attr": name, "tag": tag}
                )
            elif (
                name == "href" and value and not value.strip().lower().startswith(self.SAFE_SCHEMES)
            ):
                self.problems.append(
                    _("el enlace «%(href)s» no es http, https, mailto ni tel") % {"href": value}
                )

    handle_startendtag = handle_starttag

    # Markup that is not an element is refused outright: browsers and this parser disagree on
    # where it ends (``<!-->`` is an empty comment to a browser, the start of one here), which
    # is how a tag hides from the checker.
    def handle_comment(self, data):
        self.problems.append(_("los comentarios HTML (<!-- -->) no están permitidos"))

    def handle_decl(self, decl):
        self.problems.append(_("las declaraciones <!…> no están permitidas"))

    unknown_decl = handle_decl

    def handle_pi(self, data):
        self.problems.append(_("las instrucciones <?…> no están permitidas"))

    def close(self):
        if "<" in self.rawdata:  # what is left unparsed at the end is an unterminated tag
            self.problems.append(_("hay una etiqueta sin cerrar («<» sin «>»)"))
        super().close()


def check_html(value):
    """Problems in Spanish that the author can fix, one per offending tag or attribute.

    This is for the message only. What is stored is always ``sanitize_html(value)``, the
    real sanitiser's output, whether or not this checker saw a problem.
    """
    checker = _HTMLChecker()
    checker.feed(value)
    checker.close()
    return checker.problems


TRUE = {"true", "verdadero", "si", "sí", "1"}
FALSE = {"false", "falso", "no", "0"}


def parse_value(column, text):
    """(value, error message or None) of a CSV cell for ``column``."""
    text = restore_formula_text((text or "").strip())
    kind = column.type
    if kind in ("texto", "slug", "url"):
        return text, None
    if kind == "html":
        problems = check_html(text)
        if problems:
            return None, _("HTML no permitido: %(problems)s.") % {"problems": "; ".join(problems)}
        return sanitize_html(text), None
    if kind == "entero":
        if not text:
            return None, None
        try:
            return int(text), None
        except ValueError:
            return None, _("«%(value)s» no es un número entero.") % {"value": text}
    if kind == "fecha":
        if not text:
            return None, None
        try:
            if len(text) != 10:
                raise ValueError
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, _("«%(value)s» no es una fecha válida; use AAAA-MM-DD.") % {"value": text}
    if kind in ("booleano", "booleano_opcional"):
        lowered = text.lower()
        if lowered in TRUE:
            return True, None
        if lowered in FALSE:
            return False, None
        if not text and kind == "booleano_opcional":
            return None, None
        return None, _("«%(value)s» no es un valor válido; use true o false.") % {"value": text}
    if kind == "codigo":
        codes = [code for code, _label in column.choices]
        if text in codes or (not text and column.name.startswith("monitor_")):
            return text, None
        return None, _("«%(value)s» no es un valor válido; use uno de: %(codes)s.") % {
            "value": text,
            "codes": ", ".join(codes),
        }
    if kind == "lista":
        return [item.strip() for item in text.split(";") if item.strip()], None
    raise ValueError(kind)  # pragma: no cover


def read_csv(text, columns, file_label, issues):
    """Rows of a CSV in the export format; problems are appended to ``issues``."""
    by_name = {c.name: c for c in columns}
    importable = [c.name for c in columns if c.importable]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        issues.append(Issue(file_label, None, None, _("El archivo está vacío.")))
        return []
    except csv.Error as error:
        issues.append(
            Issue(file_label, 1, None, _("CSV mal formado: %(error)s") % {"error": error})
        )
        return []
    header = [name.strip() for name in header]
    header_ok = True
    seen = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            issues.append(Issue(file_label, 1, name, _("La columna está repetida.")))
            header_ok = False
        seen.add(name)
        if name not in by_name:
            issues.append(
                Issue(
                    file_label,
                    1,
                    name or str(position),
                    _("Columna desconocida; las columnas válidas son las del archivo de /datos/."),
                )
            )
            header_ok = False
    for name in importable:
        if name not in seen:
            issues.append(Issue(file_label, 1, name, _("Falta esta columna en el encabezado.")))
            header_ok = False
    if not header_ok:
        return []

    rows = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            issues.append(
                Issue(
                    file_label,
                    reader.line_num,
                    None,
                    _("CSV mal formado: %(error)s") % {"error": error},
                )
            )
            break
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            issues.append(
                Issue(
                    file_label,
                    start,
                    None,
                    _("El archivo tiene más de %(max)s filas.") % {"max": MAX_ROWS},
                )
            )
            break
        if len(cells) != len(header):
            issues.append(
                Issue(
                    file_label,
                    start,
                    None,
                    _("La fila tiene %(found)s valores y el encabezado %(expected)s columnas.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        raw = dict(zip(header, cells, strict=True))
        values = {}
        bad = set()
        for name in importable:
            value, error = parse_value(by_name[name], raw[name])
            if error:
                issues.append(Issue(file_label, start, name, error))
                bad.add(name)
            values[name] = value
        rows.append(Row(start, values, raw, bad))
    return rows


# -- the import ------------------------------------------------------------------------------


def _validation_issues(error, file_label, row, fields_to_columns):
    """Model validation errors as issues, except for cells already reported as unreadable."""
    issues = []
    columns_by_field = {f: c for c, f in fields_to_columns.items()}
    for field_name, messages in error.message_dict.items():
        column = (
            None if field_name == NON_FIELD_ERRORS else columns_by_field.get(field_name, field_name)
        )
        if column in row.bad_columns:
            continue
        for message in messages:
            issues.append(Issue(file_label, row.line, column, message))
    return issues


def commitment_values(commitment):
    """{column: canonical text} of an existing commitment's importable columns."""
    return {c.name: text_value(c.get(commitment, None)) for c in COMMITMENT_COLUMNS if c.importable}


MILESTONE_COMPARED = [
    c for c in MILESTONE_COLUMNS if c.importable and c.name not in ("id", "compromiso")
]


def milestone_values(milestone):
    return tuple(text_value(c.get(milestone, None)) for c in MILESTONE_COMPARED)


class CommitmentImport:
    """Validate (dry run) and apply an import of commitments and / or milestones."""

    def __init__(self, commitments_csv=None, milestones_csv=None, user=None):
        self.user = user
        self.issues = []
        self.plan = []
        self.sources = {}
        for label, content in (
            (COMMITMENTS_FILE, commitments_csv),
            (MILESTONES_FILE, milestones_csv),
        ):
            if content is None:
                continue
            text, issue = decode(content, label)
            if issue:
                self.issues.append(issue)
            else:
                self.sources[label] = text
        self.validated = False

    # public API -------------------------------------------------------------------------
    @property
    def ok(self):
        return self.validated and not self.issues

    def summary(self):
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for item in self.plan:
            counts[item.action] += 1
        return counts

    def digest(self):
        """A fingerprint of the plan, to check at confirmation that it did not change."""
        data = [[item.action, item.slug, item.changed, item.milestones_after] for item in self.plan]
        payload = json.dumps([self.sources, data], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def validate(self):
        if self.validated:
            return self.ok
        self.validated = True
        if not self.sources and not self.issues:
            self.issues.append(
                Issue(
                    COMMITMENTS_FILE,
                    None,
                    None,
                    _("Suba al menos un archivo: compromisos o hitos."),
                )
            )
            return False
        commitment_rows = []
        milestone_rows = []
        if COMMITMENTS_FILE in self.sources:
            commitment_rows = read_csv(
                self.sources[COMMITMENTS_FILE], COMMITMENT_COLUMNS, COMMITMENTS_FILE, self.issues
            )
        if MILESTONES_FILE in self.sources:
            milestone_rows = read_csv(
                self.sources[MILESTONES_FILE], MILESTONE_COLUMNS, MILESTONES_FILE, self.issues
            )
        # Go on after unreadable cells, to report every problem at once.
        self._build_plan(commitment_rows, milestone_rows)
        if not self.issues:
            self._check_permissions()
        if self.issues:
            self.plan = []
            self.issues.sort(key=lambda i: (i.file != COMMITMENTS_FILE, i.line or 0))
        return self.ok

    def apply(self):
        """Write the plan, all or nothing. Returns the summary; raises ImportFailed."""
        if not self.validate():
            raise ImportFailed(self.issues)
        with transaction.atomic():
            for item in self.plan:
                if item.action == "create":
                    self._create(item)
                elif item.action == "update":
                    self._update(item)
        return self.summary()

    # building the plan ----------------------------------------------------------------------
    def _build_plan(self, commitment_rows, milestone_rows):
        slugs = {row.values["slug"] for row in commitment_rows if row.values.get("slug")}
        slugs |= {
            row.values["compromiso"] for row in milestone_rows if row.values.get("compromiso")
        }
        existing = {
            c.slug: c
            for c in Commitment.objects.filter(slug__in=slugs)
            .select_related("axis", "lead_institution")
            .prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order", "pk")),
                Prefetch("supporting_actors", queryset=Institution.objects.live()),
                Prefetch("tagged_items", queryset=CommitmentTag.objects.select_related("tag")),
            )
        }
        axes = {a.slug: a for a in Axis.objects.all()}
        institution_slugs = set()
        for row in commitment_rows:
            if row.values.get("institucion_lider"):
                institution_slugs.add(row.values["institucion_lider"])
            institution_slugs.update(row.values.get("actores_involucrados") or [])
        institutions = {i.slug: i for i in Institution.objects.filter(slug__in=institution_slugs)}
        document_ids = {
            row.values["evidencia_documento"]
            for row in milestone_rows
            if row.values.get("evidencia_documento") is not None
        }
        documents = {d.pk: d for d in get_document_model().objects.filter(pk__in=document_ids)}

        # Milestones grouped by commitment slug, in file order.
        milestones_by_slug = {}
        for row in milestone_rows:
            slug = row.values.get("compromiso")
            if not slug:
                self.issues.append(
                    Issue(
                        MILESTONES_FILE, row.line, "compromiso", _("Falta el slug del compromiso.")
                    )
                )
                continue
            milestones_by_slug.setdefault(slug, []).append(row)

        planned = {}
        seen_lines = {}
        for row in commitment_rows:
            slug = row.values.get("slug")
            if not slug:
                self.issues.append(Issue(COMMITMENTS_FILE, row.line, "slug", _("Falta el slug.")))
                continue
            if slug in seen_lines:
                self.issues.append(
                    Issue(
                        COMMITMENTS_FILE,
                        row.line,
                        "slug",
                        _("El slug «%(slug)s» ya aparece en la línea %(line)s.")
                        % {"slug": slug, "line": seen_lines[slug]},
                    )
                )
                continue
            seen_lines[slug] = row.line
            planned[slug] = self._plan_commitment(row, existing.get(slug), axes, institutions)

        file_has_milestones = MILESTONES_FILE in self.sources
        for slug, rows in milestones_by_slug.items():
            if slug not in planned:
                if slug not in existing:
                    for row in rows:
                        self.issues.append(
                            Issue(
                                MILESTONES_FILE,
                                row.line,
                                "compromiso",
                                _(
                                    "No existe un compromiso con el slug «%(slug)s», ni en el "
                                    "sitio ni en el archivo de compromisos."
                                )
                                % {"slug": slug},
                            )
                        )
                    continue
                planned[slug] = self._plan_existing_without_row(existing[slug])
        for slug, item in planned.items():
            if item is None:
                continue
            if file_has_milestones:
                item.milestone_rows = milestones_by_slug.get(slug, [])
                self._plan_milestones(item, documents)
            self._finish(item)
        self.plan = [item for item in planned.values() if item is not None]
        if self.issues:
            self.plan = []

    def _plan_existing_without_row(self, commitment):
        return PlannedCommitment(
            action="update",
            slug=commitment.slug,
            title=commitment.title,
            instance=commitment,
            milestones_before=len(commitment.milestones.all()),
            milestones_after=len(commitment.milestones.all()),
            replaces_draft=commitment.has_unpublished_changes,
        )

    def _plan_commitment(self, row, commitment, axes, institutions):
        values = row.values
        issues_before = len(self.issues)

        def relation_issue(column, message):
            self.issues.append(Issue(COMMITMENTS_FILE, row.line, column, message))

        axis = None
        if values.get("eje"):
            axis = axes.get(values["eje"])
            if axis is None:
                relation_issue(
                    "eje", _("No existe un eje con el slug «%(slug)s».") % {"slug": values["eje"]}
                )
        lead = None
        if values.get("institucion_lider"):
            lead = institutions.get(values["institucion_lider"])
            if lead is None:
                relation_issue(
                    "institucion_lider",
                    _("No existe una institución con el slug «%(slug)s».")
                    % {"slug": values["institucion_lider"]},
                )
        actors = []
        for slug in values.get("actores_involucrados") or []:
            if slug not in institutions:
                relation_issue(
                    "actores_involucrados",
                    _("No existe una institución con el slug «%(slug)s».") % {"slug": slug},
                )
            else:
                actors.append(institutions[slug])
        for tag in values.get("etiquetas") or []:
            if len(tag) > 100:
                relation_issue(
                    "etiquetas",
                    _("La etiqueta «%(tag)s» pasa de 100 caracteres.") % {"tag": tag[:30]},
                )

        if commitment is None:
            instance = Commitment()
            action = "create"
            before = 0
        else:
            instance = commitment
            action = "update"
            before = len(commitment.milestones.all())
            old_values = commitment_values(commitment)
        for column, field_name in COMMITMENT_FIELDS.items():
            if column in RELATION_COLUMNS:
                continue
            setattr(instance, field_name, values[column])
        instance.axis = axis
        instance.lead_institution = lead
        try:
            instance.full_clean()
        except ValidationError as error:
            self.issues.extend(_validation_issues(error, COMMITMENTS_FILE, row, COMMITMENT_FIELDS))

        item = PlannedCommitment(
            action=action,
            slug=values["slug"],
            title=values.get("titulo") or values["slug"],
            line=row.line,
            instance=instance,
            row=row,
            milestones_before=before,
            milestones_after=before,
            replaces_draft=bool(commitment is not None and commitment.has_unpublished_changes),
        )
        item.actors = actors
        item.tags = values.get("etiquetas") or []
        if commitment is not None:
            new_values = {
                name: text_value(values[name]) if name not in RELATION_COLUMNS else None
                for name in old_values
            }
            new_values["eje"] = text_value(axis.slug if axis else None)
            new_values["institucion_lider"] = text_value(lead.slug if lead else None)
            new_values["actores_involucrados"] = text_value(sorted(a.slug for a in actors))
            new_values["etiquetas"] = text_value(sorted(set(item.tags)))
            old_values["actores_involucrados"] = text_value(
                sorted(a.slug for a in commitment.supporting_actors.all())
            )
            item.changed = [name for name in old_values if old_values[name] != new_values[name]]
        if len(self.issues) > issues_before:
            return None
        return item

    def _plan_milestones(self, item, documents):
        current = {}
        if item.action != "create":
            current = {m.pk: m for m in item.instance.milestones.all()}
        new_milestones = []
        seen_ids = {}
        for row in item.milestone_rows:
            values = row.values
            milestone_id = values.get("id")
            if milestone_id is not None and milestone_id in seen_ids:
                self.issues.append(
                    Issue(
                        MILESTONES_FILE,
                        row.line,
                        "id",
                        _("El hito %(id)s ya aparece en la línea %(line)s.")
                        % {"id": milestone_id, "line": seen_ids[milestone_id]},
                    )
                )
                continue
            if milestone_id is not None:
                seen_ids[milestone_id] = row.line
            document = None
            if values.get("evidencia_documento") is not None:
                document = documents.get(values["evidencia_documento"])
                if document is None:
                    self.issues.append(
                        Issue(
                            MILESTONES_FILE,
                            row.line,
                            "evidencia_documento",
                            _("No existe el documento %(id)s en la biblioteca de documentos.")
                            % {"id": values["evidencia_documento"]},
                        )
                    )
                    continue
            milestone = Milestone(
                pk=milestone_id if milestone_id in current else None,
                sort_order=values["orden"],
                title=values["titulo"],
                expected_output=values["producto_esperado"],
                start_date=values["fecha_inicio"],
                end_date=values["fecha_fin"],
                responsible=values["responsable"],
                status=values["estado"],
                evidence_url=values["evidencia_url"],
                evidence_document=document,
                is_illustrative=values["ilustrativo"],
            )
            try:
                milestone.full_clean(exclude=["commitment", "id"])
            except ValidationError as error:
                self.issues.extend(
                    _validation_issues(error, MILESTONES_FILE, row, MILESTONE_FIELDS)
                )
                continue
            new_milestones.append(milestone)
        # By «orden»; rows without it keep their place in the file, after the numbered ones.
        new_milestones.sort(key=lambda m: (m.sort_order is None, m.sort_order or 0))
        item.new_milestones = new_milestones
        item.milestones_after = len(new_milestones)
        if item.action != "create":
            before = [milestone_values(m) for m in item.instance.milestones.all()]
            after = [milestone_values(m) for m in new_milestones]
            if before != after:
                item.changed.append("hitos")

    def _finish(self, item):
        if item.action == "update" and not item.changed:
            item.action = "unchanged"

    def _check_permissions(self):
        """Who may write what, and objects that cannot take a new revision now."""
        user = self.user
        for item in self.plan:
            if item.action == "update" and item.instance.workflow_in_progress:
                self.issues.append(
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
                )
        if user is None:
            return
        for item in self.plan:
            if item.action == "create" and not user.has_perm("cms_blocks.add_commitment"):
                self.issues.append(
                    Issue(
                        COMMITMENTS_FILE,
                        item.line,
                        "slug",
                        _("No tiene permiso para crear compromisos."),
                    )
                )
            if item.action == "update":
                instance = item.instance
                if not user.has_perm("cms_blocks.change_commitment"):
                    self.issues.append(
                        Issue(
                            COMMITMENTS_FILE,
                            item.line,
                            "slug",
                            _("No tiene permiso para modificar el compromiso «%(slug)s».")
                            % {"slug": item.slug},
                        )
                    )
                elif instance.locked and instance.locked_by_id != user.pk:
                    self.issues.append(
                        Issue(
                            COMMITMENTS_FILE,
                            item.line,
                            "slug",
                            _("El compromiso «%(slug)s» está bloqueado por otra persona.")
                            % {"slug": item.slug},
                        )
                    )

    # writing -----------------------------------------------------------------------------------
    def _assign_relations(self, item):
        instance = item.instance
        if item.row is not None:
            instance.supporting_actors = item.actors
            instance.tags.set(item.tags)
        if item.milestone_rows is not None:
            instance.milestones = item.new_milestones

    def _create(self, item):
        instance = item.instance
        self._assign_relations(item)
        instance.live = False
        instance.has_unpublished_changes = True
        instance.save()
        log(instance=instance, action="wagtail.create", user=self.user, content_changed=True)
        instance.save_revision(user=self.user)

    def _update(self, item):
        instance = item.instance
        self._assign_relations(item)
        # A new revision only: the database row (the published version) does not change.
        instance.save_revision(user=self.user, log_action=True)
