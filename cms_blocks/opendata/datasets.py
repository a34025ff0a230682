"""The open datasets: what each holds, its data dictionary, and how its records are read.

Every dataset reads *published* content only: the database row of an editorial snippet is
its live version (pending edits live in revisions), and objects never published, or
unpublished, have ``live=False``. Relations to unpublished objects are left empty.

Every dataset but «instituciones» (institutions are shared by the plans) is *plan-scoped*: it
starts with a ``plan`` column (the plan's slug) and lists the objects of the published plans
only; ``load(plan)`` narrows it to one plan (/planes/<plan>/datos/), ``load(None)`` gives every
published plan's (/datos/). An unpublished plan's objects appear in no file.

Each dataset loads its records in a fixed number of queries (select_related /
prefetch_related), whatever the amount of content. The one exception is
``resultados-consultas``: the online tally providers registered in ``cms_blocks.extensions``
run one aggregate query per published consultation.

Languages: every value is read from model instances (never ``values()``), so under another
language (``cms_blocks.translation.translated_content``) a translated field holds its
published translation's text, the source text otherwise, at no extra query per record; the
relations' slugs, the codes of choices (never their labels), dates and figures are the source
object's, identical in every language, as are the column names.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Prefetch, Value
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import queries
from ..models import (
    Commitment,
    CommitmentSnapshot,
    CommitmentStatus,
    CommitteeMember,
    CompletionLevel,
    Consultation,
    ConsultationOption,
    Institution,
    Milestone,
    MonitorReport,
    PotentialForResults,
)
from ..public_urls import public_url

# Column types: key -> (label, how it is written in CSV / XLSX).
TYPES = {
    "texto": (_("texto"), _("Texto libre.")),
    "entero": (_("número entero"), _("Número sin separador de miles.")),
    "fecha": (_("fecha"), _("AAAA-MM-DD (ISO 8601). Vacío si no hay fecha.")),
    "fecha_hora": (
        _("fecha y hora"),
        _("AAAA-MM-DDTHH:MM:SS con el desfase horario (ISO 8601), en la hora local del sitio."),
    ),
    "booleano": (_("booleano"), _("true o false.")),
    "booleano_opcional": (_("booleano opcional"), _("true, false o vacío (sin valoración).")),
    "codigo": (_("código"), _("Uno de los códigos que se listan en la descripción.")),
    "html": (
        _("HTML"),
        _("Texto enriquecido tal como lo guarda el gestor de contenidos (HTML de Wagtail)."),
    ),
    "lista": (
        _("lista"),
        _("En CSV y XLSX, valores separados por punto y coma («; »); en JSON, una lista."),
    ),
    "url": (_("URL"), _("Dirección web absoluta.")),
    "slug": (_("identificador (slug)"), _("Minúsculas, números y guiones; único en el conjunto.")),
}

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """One field of a dataset: its header, type, Spanish description and how to read it.

    ``importable`` columns are read back by the CSV import; the others (identifiers,
    derived values, URLs) are written by the export and ignored by the import.
    ``model_field`` is the model field the column holds: the export reads it and the import
    writes it back (``import_fields``), so the two cannot drift apart. A column read with
    ``attr(name)`` holds the field ``name`` unless it says otherwise.
    """

    name: str
    type: str
    description: Any
    get: Any
    importable: bool = False
    choices: tuple = ()
    model_field: str | None = None

    def __post_init__(self):
        if self.model_field is None:
            object.__setattr__(self, "model_field", getattr(self.get, "model_field", None))

    @property
    def type_label(self):
        return TYPES[self.type][0]

    @property
    def type_help(self):
        return TYPES[self.type][1]


class ExportContext:
    """What getters need: absolute URLs on the public address (never the request's host)."""

    def __init__(self, request=None):
        self.request = request

    def absolute(self, url):
        if not url:
            return None
        return public_url(url, request=self.request)


@dataclass
class Dataset:
    slug: str
    title: Any
    description: Any
    columns: list
    load: Any  # (plan or None) -> QuerySet of the objects; None: every published plan's
    timestamps: Any = None  # obj -> iterable of datetimes (for Last-Modified)
    rows: Any = None  # (objects, ctx) -> list of row sources; default: the objects
    # objects -> a QuerySet with one row per record, when ``rows`` is given (for counting)
    row_queryset: Any = None
    plan_scoped: bool = True  # False: shared by the plans (no plan column, no per-plan file)

    def column_names(self):
        return [c.name for c in self.columns]

    def filename(self, fmt, plan=None):
        """«compromisos.csv», or «compromisos-2023.csv» for one plan's file."""
        return f"{self.slug}-{plan.slug}.{fmt}" if plan is not None else f"{self.slug}.{fmt}"

    def records(self, ctx=None, plan=None):
        """(records, last_published_at): records as lists of Python values, in column order."""
        ctx = ctx or ExportContext()
        objects = list(self.load(plan))
        sources = self.rows(objects, ctx) if self.rows else objects
        records = [[column.get(source, ctx) for column in self.columns] for source in sources]
        stamps = [
            stamp
            for obj in objects
            for stamp in (self.timestamps(obj) if self.timestamps else [obj.last_published_at])
            if stamp is not None
        ]
        return records, (max(stamps) if stamps else None)

    def counted(self, plan=None):
        """A QuerySet with one row per record: the objects, or ``row_queryset`` of them when
        the rows are derived from the objects."""
        objects = self.load(plan)
        return self.row_queryset(objects) if self.row_queryset else objects

    def count(self, plan=None):
        """The number of rows, counted by the database (one query, no object loaded)."""
        return self.counted(plan).count()


def count_rows(datasets, plan=None):
    """{slug: number of rows} of ``datasets``, counted by the database in one query: a
    ``UNION ALL`` of one ``COUNT`` per dataset, whatever the number of datasets or rows.

    Each part is an aggregate without ``GROUP BY``, so it gives one row even for an empty
    dataset; the slug is selected as a constant to tell the rows apart.
    """
    parts = [
        dataset.counted(plan)
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .annotate(dataset=Value(dataset.slug, output_field=CharField()))
        .values("dataset")
        .annotate(rows=Count("pk"))
        .values_list("dataset", "rows")
        for dataset in datasets
    ]
    if not parts:
        return {}
    return dict(parts[0].union(*parts[1:], all=True))


def attr(name):
    def get(obj, ctx):
        return getattr(obj, name)

    get.model_field = name
    return get


def import_fields(columns):
    """{column: model field} of the importable columns: what the CSV import writes where."""
    return {column.name: column.model_field for column in columns if column.importable}


# Columns every editorial dataset ends with (identical wherever they appear).
PROVENANCE_COLUMNS = (
    Column(
        "ilustrativo",
        "booleano",
        _("true si el contenido es ilustrativo."),
        attr("is_illustrative"),
    ),
    Column("fuente", "texto", _("Fuente del contenido."), attr("source")),
)
LAST_PUBLISHED_COLUMN = Column(
    "ultima_publicacion",
    "fecha_hora",
    _("Fecha y hora de la última publicación."),
    attr("last_published_at"),
)


PLAN_DESCRIPTION = _(
    "Plan de acción al que pertenece el registro (su slug, el de la dirección /planes/<plan>/)."
)
IMPORT_PLAN_DESCRIPTION = _(
    "Plan de acción al que pertenece (su slug, el de la dirección /planes/<plan>/). Al "
    "importar, vacío o igual al plan elegido en el formulario."
)


def plan_column(lookup="plan", description=PLAN_DESCRIPTION):
    """The first column of every plan-scoped dataset: the slug of the object's plan, reached
    through ``lookup`` (``plan``, ``commitment__plan``, ``committee__plan``…). The import
    checks it against the chosen plan but never writes it (not ``importable``)."""

    def get(obj, ctx):
        for name in lookup.split("__"):
            obj = getattr(obj, name)
        return obj.slug

    return Column("plan", "slug", description, get)


# Plans in the order of their periods: a file of several plans lists them oldest first.
def plan_order(lookup="plan"):
    return (f"{lookup}__period_start", f"{lookup}__pk")


def live_slug(relation):
    def get(obj, ctx):
        related = getattr(obj, relation)
        return related.slug if related is not None and related.live else None

    return get


# -- commitments ------------------------------------------------------------------------------


def load_commitments(plan=None):
    return queries.commitments(plan=plan, milestones=False, tags=True).order_by(
        *plan_order(), "code", "title", "pk"
    )


def commitment_tags(obj, ctx):
    return sorted({item.tag.name for item in obj.tagged_items.all()})


VALUE_COLUMNS = [
    ("valor_acceso_informacion", "value_access_to_information", _("Acceso a la información")),
    ("valor_participacion_civica", "value_civic_participation", _("Participación cívica")),
    ("valor_rendicion_cuentas", "value_public_accountability", _("Rendición de cuentas")),
    (
        "valor_tecnologia_innovacion",
        "value_technology_innovation",
        _("Tecnología e innovación para la transparencia y la rendición de cuentas"),
    ),
]

COMMITMENT_COLUMNS = [
    plan_column(description=IMPORT_PLAN_DESCRIPTION),
    Column("id", "entero", _("Identificador interno. La importación no lo usa."), attr("pk")),
    Column(
        "codigo", "texto", _("Código del compromiso en OGP, p. ej. COCDI0001."), attr("code"), True
    ),
    Column("titulo", "texto", _("Título del compromiso."), attr("title"), True),
    Column(
        "slug",
        "slug",
        _(
            "Identificador en la dirección de la página; la importación identifica el "
            "compromiso por él."
        ),
        attr("slug"),
        True,
    ),
    Column("resumen", "texto", _("Resumen (hasta 600 caracteres)."), attr("summary"), True),
    Column(
        "eje",
        "slug",
        _("Eje de trabajo del plan (su slug)."),
        lambda o, ctx: o.axis.slug if o.axis_id else None,
        True,
        model_field="axis",
    ),
    Column(
        "institucion_lider",
        "slug",
        _("Institución líder (slug del conjunto «instituciones»)."),
        live_slug("lead_institution"),
        True,
        model_field="lead_institution",
    ),
    Column(
        "actores_involucrados",
        "lista",
        _("Instituciones y actores involucrados (slugs del conjunto «instituciones»)."),
        lambda o, ctx: [i.slug for i in o.supporting_actors.all()],
        True,
        model_field="supporting_actors",
    ),
    Column("problema", "html", _("Problema que atiende."), attr("problem"), True),
    Column(
        "situacion_actual", "html", _("Situación actual (statu quo)."), attr("status_quo"), True
    ),
    Column("descripcion", "html", _("¿En qué consiste el compromiso?"), attr("description"), True),
    Column(
        "solucion", "html", _("¿Cómo contribuye a resolver el problema?"), attr("solution"), True
    ),
    *[
        Column(name, "booleano", format_lazy(_("Valor OGP: {}."), label), attr(field_name), True)
        for name, field_name, label in VALUE_COLUMNS
    ],
    Column("fecha_inicio", "fecha", _("Fecha de inicio."), attr("start_date"), True),
    Column("fecha_fin", "fecha", _("Fecha de finalización."), attr("end_date"), True),
    Column(
        "etiquetas",
        "lista",
        _("Etiquetas temáticas."),
        commitment_tags,
        True,
        model_field="tags",
    ),
    Column(
        "estado",
        "codigo",
        _("Estado, calculado a partir de los hitos. La importación no lo usa."),
        attr("status"),
        choices=tuple(CommitmentStatus.choices),
    ),
    Column(
        "avance",
        "entero",
        _("Avance en porcentaje (hitos completados sobre el total). La importación no lo usa."),
        attr("progress"),
    ),
    Column(
        "monitor_verificable",
        "booleano_opcional",
        _("Valoración del monitor independiente: ¿es verificable?"),
        attr("monitor_verifiable"),
        True,
    ),
    Column(
        "monitor_relevante",
        "booleano_opcional",
        _("Valoración del monitor: ¿es relevante para los valores OGP?"),
        attr("monitor_relevant"),
        True,
    ),
    Column(
        "monitor_practica_nueva",
        "booleano_opcional",
        _("Valoración del monitor: ¿es una práctica nueva?"),
        attr("monitor_new_practice"),
        True,
    ),
    Column(
        "monitor_potencial",
        "codigo",
        _("Valoración del monitor: potencial de resultados (vacío si no la hay)."),
        attr("monitor_potential"),
        True,
        tuple(PotentialForResults.choices),
    ),
    Column(
        "monitor_cumplimiento",
        "codigo",
        _("Valoración del monitor: nivel de cumplimiento (vacío si no la hay)."),
        attr("monitor_completion"),
        True,
        tuple(CompletionLevel.choices),
    ),
    Column(
        "monitor_valoracion",
        "html",
        _("Texto de la valoración del monitor."),
        attr("monitor_notes"),
        True,
    ),
    Column(
        "monitor_fuente",
        "texto",
        _("Fuente de la valoración del monitor."),
        attr("monitor_source"),
        True,
    ),
    Column(
        "ilustrativo",
        "booleano",
        _(
            "true si el contenido es ilustrativo: no proviene del plan ni del registro "
            "público de OGP."
        ),
        attr("is_illustrative"),
        True,
    ),
    Column("fuente", "texto", _("Fuente del contenido."), attr("source"), True),
    Column(
        "url",
        "url",
        _("Página pública del compromiso. La importación no la usa."),
        lambda o, ctx: ctx.absolute(o.get_absolute_url()),
    ),
    Column(
        "ultima_publicacion",
        "fecha_hora",
        _("Fecha y hora de la última publicación. La importación no la usa."),
        attr("last_published_at"),
    ),
]


# -- milestones -----------------------------------------------------------------------------


def load_milestones(plan=None):
    return (
        queries.in_plan(
            # the published commitments' own milestones (not their translations' copies)
            Milestone.objects.filter(commitment__in=Commitment.objects.live()),
            plan,
            "commitment__plan",
        )
        .select_related("commitment__plan", "evidence_document")
        .order_by(
            *plan_order("commitment__plan"),
            "commitment__code",
            "commitment__title",
            "commitment__pk",
            "sort_order",
            "pk",
        )
    )


def evidence_document_url(obj, ctx):
    document = obj.evidence_document
    return ctx.absolute(document.url) if document is not None else None


MILESTONE_COLUMNS = [
    plan_column("commitment__plan", IMPORT_PLAN_DESCRIPTION),
    Column(
        "id",
        "entero",
        _(
            "Identificador interno del hito. Al importar, conserva el hito si pertenece al "
            "mismo compromiso; vacío para un hito nuevo."
        ),
        attr("pk"),
        True,
        model_field="id",
    ),
    Column(
        "compromiso",
        "slug",
        _("Slug del compromiso al que pertenece (conjunto «compromisos»)."),
        lambda o, ctx: o.commitment.slug,
        True,
        model_field="commitment",
    ),
    Column(
        "orden", "entero", _("Posición del hito dentro del compromiso."), attr("sort_order"), True
    ),
    Column("titulo", "texto", _("Título del hito."), attr("title"), True),
    Column("producto_esperado", "texto", _("Producto esperado."), attr("expected_output"), True),
    Column("fecha_inicio", "fecha", _("Fecha de inicio."), attr("start_date"), True),
    Column("fecha_fin", "fecha", _("Fecha de finalización."), attr("end_date"), True),
    Column("responsable", "texto", _("Responsable."), attr("responsible"), True),
    Column(
        "estado",
        "codigo",
        _("Estado del hito."),
        attr("status"),
        True,
        tuple(Milestone.Status.choices),
    ),
    Column("evidencia_url", "url", _("Enlace a la evidencia."), attr("evidence_url"), True),
    Column(
        "evidencia_documento",
        "entero",
        _("Identificador del documento de evidencia en la biblioteca de documentos del sitio."),
        attr("evidence_document_id"),
        True,
        model_field="evidence_document",
    ),
    Column(
        "evidencia_documento_url",
        "url",
        _("Dirección del documento de evidencia. La importación no la usa."),
        evidence_document_url,
    ),
    Column(
        "ilustrativo",
        "booleano",
        _("true si el hito es ilustrativo (el plan no publica los hitos de sus compromisos)."),
        attr("is_illustrative"),
        True,
    ),
]

# The CSV import's mapping, read from the columns above (export and import share them).
COMMITMENT_FIELDS = import_fields(COMMITMENT_COLUMNS)
MILESTONE_FIELDS = import_fields(MILESTONE_COLUMNS)


# -- institutions, committee, co-creation ----------------------------------------------------


INSTITUTION_COLUMNS = [
    Column("nombre", "texto", _("Nombre de la institución o dependencia."), attr("name")),
    Column("slug", "slug", _("Identificador (lo usan los compromisos)."), attr("slug")),
    Column(
        "rol",
        "codigo",
        _("Rol en el plan de acción."),
        attr("role"),
        choices=tuple(Institution.Role.choices),
    ),
    Column(
        "descripcion_rol", "texto", _("Qué hace en el plan de acción."), attr("role_description")
    ),
    Column("sitio_web", "url", _("Sitio web."), attr("website")),
    *PROVENANCE_COLUMNS,
    Column(
        "url",
        "url",
        _("Dónde se presenta en el micrositio."),
        lambda o, ctx: ctx.absolute(o.get_absolute_url()),
    ),
    LAST_PUBLISHED_COLUMN,
]

# Public-role fields only: name, sector, role and committee; nothing else is published.
COMMITTEE_COLUMNS = [
    plan_column("committee__plan"),
    Column("nombre", "texto", _("Nombre del integrante."), attr("name")),
    Column("sector", "texto", _("Sector al que representa."), attr("sector")),
    Column("rol", "texto", _("Rol en el comité."), attr("role")),
    Column("comite", "texto", _("Comité del que hace parte."), lambda o, ctx: o.committee.name),
]

FIGURE_COLUMNS = [
    plan_column(),
    Column(
        "etiqueta", "texto", _("Qué se cuenta, p. ej. «personas participantes»."), attr("label")
    ),
    Column(
        "calificador", "texto", _("Calificador de la cifra, p. ej. «más de»."), attr("qualifier")
    ),
    Column("valor", "entero", _("La cifra."), attr("value")),
    Column("descripcion", "texto", _("Descripción."), attr("description")),
    Column("orden", "entero", _("Orden de presentación."), attr("sort_order")),
    *PROVENANCE_COLUMNS,
]

GROUP_COLUMNS = [
    plan_column(),
    Column("nombre", "texto", _("Grupo que participó en la cocreación."), attr("name")),
    Column("descripcion", "texto", _("Descripción."), attr("description")),
    Column("orden", "entero", _("Orden de presentación."), attr("sort_order")),
    *PROVENANCE_COLUMNS,
]


# -- consultations ----------------------------------------------------------------------------


def load_consultations(plan=None):
    return (
        queries.in_plan(Consultation.objects.live(), plan)
        .select_related("plan")
        .prefetch_related(
            Prefetch("options", queryset=ConsultationOption.objects.order_by("sort_order", "pk"))
        )
        .order_by(*plan_order(), "-opens_at", "pk")
    )


@dataclass
class ResultRow:
    consultation: Any
    option: Any
    position: int
    visible: bool
    total: Any


def consultation_result_rows(consultations, ctx):
    rows = []
    for consultation in consultations:
        visible = consultation.results_visible()
        if visible:
            results = consultation.get_results()
        else:
            results = [(option, None) for option in consultation.options.all()]
        for position, (option, total) in enumerate(results, start=1):
            rows.append(ResultRow(consultation, option, position, visible, total))
    return rows


def _reported(row):
    return row.option.reported_votes if row.visible else None


def _online(row):
    if not row.visible or row.total is None:
        return None
    return row.total - (row.option.reported_votes or 0)


RESULT_COLUMNS = [
    plan_column("consultation__plan"),
    Column("consulta", "slug", _("Slug de la consulta."), lambda r, ctx: r.consultation.slug),
    Column(
        "consulta_titulo", "texto", _("Título de la consulta."), lambda r, ctx: r.consultation.title
    ),
    Column(
        "pregunta", "texto", _("Pregunta de la consulta."), lambda r, ctx: r.consultation.question
    ),
    Column(
        "apertura",
        "fecha_hora",
        _("Apertura de la votación."),
        lambda r, ctx: r.consultation.opens_at,
    ),
    Column(
        "cierre", "fecha_hora", _("Cierre de la votación."), lambda r, ctx: r.consultation.closes_at
    ),
    Column(
        "participantes_reportados",
        "entero",
        _("Participación publicada por la entidad, si la hay."),
        lambda r, ctx: r.consultation.reported_participants,
    ),
    Column(
        "calificador_participantes",
        "texto",
        _("Calificador de la participación, p. ej. «más de»."),
        lambda r, ctx: r.consultation.participants_qualifier,
    ),
    Column("opcion_orden", "entero", _("Posición de la opción."), lambda r, ctx: r.position),
    Column("opcion", "texto", _("Título de la opción."), lambda r, ctx: r.option.title),
    Column(
        "resultados_publicados",
        "booleano",
        _(
            "false mientras la consulta está abierta y sus resultados solo se publican al "
            "cierre; entonces los votos van vacíos."
        ),
        lambda r, ctx: r.visible,
    ),
    Column(
        "votos_reportados",
        "entero",
        _(
            "Votos contados fuera del sitio y reportados por la entidad (vacío si no se "
            "publicaron)."
        ),
        lambda r, ctx: _reported(r),
    ),
    Column(
        "votos_en_linea", "entero", _("Votos emitidos en este sitio."), lambda r, ctx: _online(r)
    ),
    Column(
        "votos_totales",
        "entero",
        _("Votos reportados más votos en línea."),
        lambda r, ctx: r.total if r.visible else None,
    ),
    Column(
        "ilustrativo",
        "booleano",
        _(
            "true si la opción o sus votos son ilustrativos (p. ej. los votos por opción de "
            "2022, que el plan no publica)."
        ),
        lambda r, ctx: bool(r.option.is_illustrative or r.consultation.is_illustrative),
    ),
    Column("fuente", "texto", _("Fuente del contenido."), lambda r, ctx: r.consultation.source),
    Column(
        "url",
        "url",
        _("Página pública de la consulta."),
        lambda r, ctx: ctx.absolute(r.consultation.get_absolute_url()),
    ),
]


# -- monitor reports --------------------------------------------------------------------------


def load_reports(plan=None):
    return queries.monitor_reports(plan=plan).order_by(
        *plan_order(), "moment", "-date", "title", "pk"
    )


REPORT_COLUMNS = [
    plan_column(),
    Column("titulo", "texto", _("Título del informe."), attr("title")),
    Column("slug", "slug", _("Identificador en la dirección de la página."), attr("slug")),
    Column(
        "organismo_monitoreo",
        "texto",
        _("Organismo de monitoreo independiente."),
        lambda o, ctx: o.monitor.name if o.monitor is not None and o.monitor.live else None,
    ),
    Column("autores", "texto", _("Autores."), attr("authors")),
    Column(
        "momento",
        "codigo",
        _("Momento del monitoreo."),
        attr("moment"),
        choices=tuple(MonitorReport.Moment.choices),
    ),
    Column("fecha", "fecha", _("Fecha del informe."), attr("date")),
    Column(
        "compromiso",
        "slug",
        _("Slug del compromiso evaluado, si el informe trata de uno."),
        live_slug("commitment"),
    ),
    Column("resumen", "html", _("Resumen del informe."), attr("summary")),
    Column(
        "documento_url",
        "url",
        _("Documento del informe en el sitio."),
        lambda o, ctx: ctx.absolute(o.document.url) if o.document is not None else None,
    ),
    Column(
        "enlace_externo", "url", _("Enlace externo (p. ej. la ficha en OGP)."), attr("external_url")
    ),
    *PROVENANCE_COLUMNS,
    Column(
        "url",
        "url",
        _("Página pública del informe."),
        lambda o, ctx: ctx.absolute(o.get_absolute_url()),
    ),
    LAST_PUBLISHED_COLUMN,
]


# -- progress history ----------------------------------------------------------------------------


def load_snapshots(plan=None):
    """Approved publications of the commitments that are published now, of published plans
    (the snapshot's plan and the commitment's current one)."""
    snapshots = CommitmentSnapshot.objects.filter(
        commitment__live=True, commitment__plan__live=True
    )
    return (
        queries.in_plan(snapshots, plan)
        .select_related("plan", "commitment")
        .order_by(
            *plan_order(),
            "published_at",
            "commitment__code",
            "commitment__title",
            "commitment__pk",
            "pk",
        )
    )


HISTORY_COLUMNS = [
    plan_column(
        description=_(
            "Plan de acción del compromiso cuando se publicó (su slug, el de la dirección "
            "/planes/<plan>/)."
        )
    ),
    Column(
        "compromiso",
        "slug",
        _("Slug del compromiso (conjunto «compromisos»)."),
        lambda o, ctx: o.commitment.slug,
    ),
    Column(
        "codigo",
        "texto",
        _("Código del compromiso en OGP, p. ej. COCDI0001."),
        lambda o, ctx: o.commitment.code,
    ),
    Column(
        "titulo",
        "texto",
        _("Título publicado hoy del compromiso."),
        lambda o, ctx: o.commitment.title,
    ),
    Column(
        "fecha",
        "fecha_hora",
        _("Cuándo se publicó esta versión aprobada del compromiso."),
        attr("published_at"),
    ),
    Column(
        "avance",
        "entero",
        _("Avance en porcentaje que mostró esa publicación (hitos completados, ponderados)."),
        attr("progress"),
    ),
    Column(
        "estado",
        "codigo",
        _("Estado del compromiso en esa publicación."),
        attr("status"),
        choices=tuple(CommitmentStatus.choices),
    ),
    Column(
        "hitos_completados",
        "entero",
        _("Hitos completados en esa publicación."),
        attr("milestones_done"),
    ),
    Column("hitos_total", "entero", _("Hitos en esa publicación."), attr("milestones_total")),
    Column(
        "hitos_retrasados",
        "entero",
        _("Hitos retrasados (vencidos sin completar) en esa publicación."),
        attr("milestones_late"),
    ),
    Column(
        "avance_ilustrativo",
        "booleano",
        _("true si el avance se calculó con hitos ilustrativos (no publicados por el plan)."),
        attr("progress_is_illustrative"),
    ),
]


# -- the registry -------------------------------------------------------------------------------


DATASETS = {
    dataset.slug: dataset
    for dataset in [
        Dataset(
            slug="compromisos",
            title=_("Compromisos"),
            description=_(
                "Los compromisos publicados del plan de acción, con su valoración por el monitor "
                "independiente. Su CSV se puede editar y volver a importar."
            ),
            columns=COMMITMENT_COLUMNS,
            load=load_commitments,
        ),
        Dataset(
            slug="hitos",
            title=_("Hitos de los compromisos"),
            description=_(
                "Los hitos de cada compromiso publicado, en su orden. Su CSV se puede editar y "
                "volver a importar junto con el de compromisos."
            ),
            columns=MILESTONE_COLUMNS,
            load=load_milestones,
            timestamps=lambda m: [m.commitment.last_published_at],
        ),
        Dataset(
            slug="instituciones",
            title=_("Instituciones"),
            description=_("Dependencias de la entidad y aliados, con su rol en el plan."),
            columns=INSTITUTION_COLUMNS,
            # Shared by every plan: no plan column, one file (/datos/ only).
            load=lambda plan=None: Institution.objects.live().order_by("sort_order", "name", "pk"),
            plan_scoped=False,
        ),
        Dataset(
            slug="comite-seguimiento",
            title=_("Comité Ciudadano de Seguimiento"),
            description=_(
                "Los integrantes del comité, solo con los datos de su rol público: nombre, sector, "
                "rol y comité. No se publica ningún dato de contacto."
            ),
            columns=COMMITTEE_COLUMNS,
            load=lambda plan=None: (
                queries.in_plan(
                    CommitteeMember.objects.live().filter(committee__live=True),
                    plan,
                    "committee__plan",
                )
                .select_related("committee__plan")
                .order_by(
                    *plan_order("committee__plan"),
                    "committee__name",
                    "committee__pk",
                    "sort_order",
                    "name",
                    "pk",
                )
            ),
            timestamps=lambda m: [m.last_published_at, m.committee.last_published_at],
        ),
        Dataset(
            slug="cifras-cocreacion",
            title=_("Cifras de la cocreación"),
            description=_(
                "Las cifras del proceso de cocreación del plan (personas, encuentros, "
                "propuestas...)."
            ),
            columns=FIGURE_COLUMNS,
            load=lambda plan=None: (
                queries.cocreation_figures(plan)
                .select_related("plan")
                .order_by(*plan_order(), "sort_order", "label", "pk")
            ),
        ),
        Dataset(
            slug="grupos-participantes",
            title=_("Grupos participantes de la cocreación"),
            description=_("Los grupos que participaron en la cocreación del plan."),
            columns=GROUP_COLUMNS,
            load=lambda plan=None: (
                queries.participant_groups(plan)
                .select_related("plan")
                .order_by(*plan_order(), "sort_order", "name", "pk")
            ),
        ),
        Dataset(
            slug="resultados-consultas",
            title=_("Resultados de las consultas virtuales"),
            description=_(
                "Una fila por opción de cada consulta publicada: votos reportados por la entidad y "
                "votos emitidos en línea en este sitio. Mientras una consulta que publica sus "
                "resultados al cierre sigue abierta, sus votos van vacíos."
            ),
            columns=RESULT_COLUMNS,
            load=load_consultations,
            rows=consultation_result_rows,
            row_queryset=lambda consultations: ConsultationOption.objects.filter(
                consultation__in=consultations.values("pk")
            ),
        ),
        Dataset(
            slug="informes-monitor",
            title=_("Informes del monitor independiente"),
            description=_("Los informes publicados del organismo de monitoreo independiente."),
            columns=REPORT_COLUMNS,
            load=load_reports,
        ),
        Dataset(
            slug="avance-historico",
            title=_("Avance histórico de los compromisos"),
            description=_(
                "Una fila por cada publicación aprobada de un compromiso publicado: el avance, el "
                "estado y los hitos que mostró ese día. Solo cuentan las versiones aprobadas; los "
                "borradores nunca aparecen."
            ),
            columns=HISTORY_COLUMNS,
            load=load_snapshots,
            timestamps=lambda s: [s.published_at],
        ),
    ]
}

FORMATS = ("csv", "json", "xlsx")


def plan_datasets():
    """The datasets a plan has files of (all but the shared ones)."""
    return [dataset for dataset in DATASETS.values() if dataset.plan_scoped]


def download_url(slug, fmt, plan=None):
    """The file of a dataset: every published plan's, or only ``plan``'s."""
    if plan is not None:
        return reverse(
            "cms_blocks:plan_opendata_download",
            kwargs={"plan": plan.slug, "slug": slug, "fmt": fmt},
        )
    return reverse("cms_blocks:opendata_download", kwargs={"slug": slug, "fmt": fmt})
