"""A printable sheet of each commitment: HTML with a print stylesheet, and a PDF built here.

One sheet per published commitment, for letter and A4 paper: title, plan, axis, lead
institution, problem, what the commitment is, milestones with their status, progress, the
independent monitor's assessment, the QR code of its public URL and the date it was printed.

URLs (in ``cms_blocks.urls``):

- ``/compromisos/<slug>/ficha/``: the HTML sheet. Its stylesheet (``css/print-sheet.css``)
  says ``@page { size: auto }`` and keeps the content within 186 × 257 mm, the area that
  letter and A4 share once their margins are taken: the browser prints it on either.
- ``/compromisos/<slug>/ficha.pdf``: the PDF, A4; ``?papel=carta`` for letter. Another value
  is answered with a 400 that names the accepted ones (a link the site writes never has one).

The PDF is drawn with fpdf2 (pure Python, from PyPI alone: no system library) in DejaVu Sans,
a free font shipped in ``static/cms_blocks/fonts/`` (with its licence): fpdf2's built-in fonts
are Latin-1 only and an editor's dash, curly quotes, «≥» or «€» must print as written. fpdf2
embeds only the glyphs the sheet uses. Rich text (problem, description, the monitor's notes)
is printed as plain paragraphs, list items on their own lines.

The QR code holds the commitment's *public* URL (``cms_blocks.public_urls``), never the host
the request came to. Both responses carry no cache header of their own: like the other public
pages, the host's page cache decides (the micrositio keeps them for a minute, and forgets them
on any change).
"""

import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Site

from . import qr, queries
from .context import home_crumb
from .models import Milestone
from .public_urls import public_url

FONT_DIR = Path(__file__).resolve().parent / "static" / "cms_blocks" / "fonts"
FONT = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

# ?papel=<key> -> (fpdf2 page format, label). The first is the default.
PAPERS = {
    "a4": ("A4", gettext_lazy("A4")),
    "carta": ("Letter", gettext_lazy("carta")),
}
DEFAULT_PAPER = "a4"
PAPER_PARAM = "papel"

MARGIN_MM = 15  # every side: 180 × 267 mm of content on A4, 185.9 × 249.4 mm on letter
QR_MM = 38  # 4 cm with the quiet zone: scans from arm's length
QR_MIN_PIXELS = 600  # about 400 dpi at that size
INK = (27, 27, 27)
MUTED = (85, 85, 85)
ACCENT = (0, 72, 132)
RULE = (190, 198, 208)
TRACK = (223, 229, 236)
BAR = (10, 107, 45)
NOTICE = (255, 244, 206)


# -- what both sheets show ---------------------------------------------------------------------


def _public_commitment(slug):
    return get_object_or_404(queries.commitments(), slug=slug)


def plan_of(commitment):
    """The commitment's action plan when the model has one (and it is public), else None."""
    plan = getattr(commitment, "plan", None)
    if plan is None or not getattr(plan, "live", True):
        return None
    return plan


def site_name(request):
    site = Site.find_for_request(request)
    return (site.site_name if site and site.site_name else "") or _("Gobierno Abierto")


def month_year(date):
    return formats.date_format(date, "YEAR_MONTH_FORMAT") if date else "—"


def short_month_year(date):
    # «nov. 2023» / «Nov. 2023»: Django's abbreviated months (the extension's es catalogue
    # writes the Spanish ones in lower case).
    return formats.date_format(date, "N Y") if date else "—"


def date_range(start, end, fmt=month_year):
    if not start and not end:
        return ""
    return f"{fmt(start)} – {fmt(end)}"


def long_date(day):
    return formats.date_format(day, "DATE_FORMAT")


def printed_label(day):
    return _("Impreso el %(date)s") % {"date": long_date(day)}


def is_late(milestone, today):
    """Overdue on ``today`` (its end date has passed and it is not complete)."""
    return milestone.is_late_on(today)


def milestone_status(milestone, today):
    """Its status, and «retrasado» when it is overdue (unless its status already says so)."""
    label = str(milestone.get_status_display())
    if is_late(milestone, today) and milestone.status != Milestone.Status.DELAYED:
        label = _("%(status)s · retrasado") % {"status": label}
    return label


def progress_label(commitment, milestones, today):
    label = f"{commitment.progress} % · {commitment.get_status_display()}"
    if any(is_late(m, today) for m in milestones):
        label += " · " + _("con hitos retrasados")
    return label


def yes_no(value):
    return _("Sí") if value else _("No")


def monitor_facts(commitment):
    """[(label, value)] of the monitor's assessment, in the order the detail page has them."""
    facts = []
    for field, label in (
        ("monitor_verifiable", _("Verificable")),
        ("monitor_relevant", _("Relevante para los valores OGP")),
        ("monitor_new_practice", _("Práctica nueva")),
    ):
        value = getattr(commitment, field)
        if value is not None:
            facts.append((label, yes_no(value)))
    if commitment.monitor_potential:
        facts.append((_("Potencial de resultados"), commitment.get_monitor_potential_display()))
    if commitment.monitor_completion:
        facts.append((_("Nivel de cumplimiento"), commitment.get_monitor_completion_display()))
    return facts


def pdf_links(slug):
    url = reverse("cms_blocks:commitment_sheet_pdf", args=[slug])
    return [
        (
            _("Ficha en PDF, papel %(paper)s") % {"paper": label},
            url if key == DEFAULT_PAPER else f"{url}?{PAPER_PARAM}={key}",
        )
        for key, (_format, label) in PAPERS.items()
    ]


# -- the HTML sheet -----------------------------------------------------------------------------


@require_safe
def commitment_sheet(request, slug):
    commitment = _public_commitment(slug)
    detail_url = commitment.get_absolute_url()
    milestones = list(commitment.milestones.all())
    today = timezone.localdate()
    return render(
        request,
        "cms_blocks/pages/commitment_sheet.html",
        {
            "page_title": _("Ficha para imprimir: %(title)s") % {"title": commitment.title},
            "commitment": commitment,
            "object": commitment,
            "plan": plan_of(commitment),
            "lead_institution": commitment.public.lead_institution,
            "actors": commitment.public.supporting_actors,
            "milestones": [(m, milestone_status(m, today)) for m in milestones],
            "progress_label": progress_label(commitment, milestones, today),
            "monitor_facts": monitor_facts(commitment),
            "public_url": public_url(detail_url, request=request),
            "detail_url": detail_url,
            "qr_svg_url": reverse("cms_blocks:commitment_qr", args=[commitment.slug, "svg"]),
            "pdf_links": pdf_links(commitment.slug),
            "printed_on": today,
            "site_name": site_name(request),
            "breadcrumbs": [
                home_crumb(),
                (_("Compromisos"), reverse("cms_blocks:commitment_list")),
                (commitment.title, detail_url),
                (_("Ficha para imprimir"), None),
            ],
        },
    )


# -- rich text as plain paragraphs ---------------------------------------------------------------


class _PlainText(HTMLParser):
    """Sanitised rich text -> [(kind, text, depth)]: kind "p", "h" (a heading) or "li"."""

    BLOCKS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol"}
    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._text = []
        self._kind = "p"
        self._prefix = ""
        self._lists = []  # [tag, items so far] of each open list
        self._skipping = 0

    def _flush(self):
        text = "".join(self._text)
        lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append((self._kind, self._prefix + text, len(self._lists)))
        self._text, self._kind, self._prefix = [], "p", ""

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
            return
        if tag == "br":
            self._text.append("\n")
            return
        if tag not in self.BLOCKS:
            return
        self._flush()
        if tag in ("ul", "ol"):
            self._lists.append([tag, 0])
        elif tag == "li":
            self._kind = "li"
            if self._lists and self._lists[-1][0] == "ol":
                self._lists[-1][1] += 1
                self._prefix = f"{self._lists[-1][1]}. "
            else:
                self._prefix = "• "
        elif tag.startswith("h") and tag[1:].isdigit():
            self._kind = "h"

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
            return
        if tag in self.BLOCKS:
            self._flush()
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()

    def handle_data(self, data):
        if not self._skipping:
            self._text.append(data)

    def close(self):
        super().close()
        self._flush()


def plain_blocks(html):
    """The paragraphs, headings and list items of a rich-text value, as plain text."""
    parser = _PlainText()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


# -- the PDF ------------------------------------------------------------------------------------


def _fpdf():
    # fpdf2 is imported here: the rest of the extension works without building PDFs.
    from fpdf import FPDF

    class SheetPDF(FPDF):
        footer_text = ""

        def footer(self):
            self.set_y(-MARGIN_MM + 3)
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 4, self.footer_text, align="L")
            self.set_x(self.l_margin)
            page = _("Página %(page)s de %(pages)s") % {
                "page": self.page_no(),
                "pages": self.str_alias_nb_pages,
            }
            self.cell(0, 4, page, align="R")

    return SheetPDF


def _paper(request):
    """(key, fpdf2 format) of ``?papel=``, or None when it names no paper this sheet knows."""
    key = request.GET.get(PAPER_PARAM, DEFAULT_PAPER).strip().lower() or DEFAULT_PAPER
    if key not in PAPERS:
        return None
    return key, PAPERS[key][0]


class SheetWriter:
    """Draws one commitment's sheet on an fpdf2 document."""

    def __init__(self, pdf):
        self.pdf = pdf

    @property
    def width(self):
        return self.pdf.epw

    def font(self, size, bold=False, color=INK):
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def text(self, text, size=9.5, bold=False, color=INK, height=None, width=0, indent=0):
        pdf = self.pdf
        self.font(size, bold, color)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            width or self.width - indent,
            height or size * 0.5,
            text,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def space(self, mm):
        self.pdf.ln(mm)

    def heading(self, text):
        pdf = self.pdf
        # Keep a heading with at least a few lines of what follows it.
        if pdf.get_y() + 22 > pdf.page_break_trigger:
            pdf.add_page()
        self.space(2.5)
        self.text(text, size=11.5, bold=True, color=ACCENT, height=5.5)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + self.width, pdf.get_y() + 0.5)
        self.space(2)

    def rich_text(self, html):
        for kind, text, depth in plain_blocks(html):
            if kind == "h":
                self.text(text, size=10, bold=True, height=5)
            elif kind == "li":
                self.text(text, height=4.7, indent=4 * max(depth, 1))
                self.space(0.5)
                continue
            else:
                self.text(text, height=4.7)
            self.space(1.2)

    def notice(self, text, width=0):
        pdf = self.pdf
        self.font(9, bold=True)
        pdf.set_fill_color(*NOTICE)
        pdf.set_draw_color(*RULE)
        pdf.multi_cell(
            width or self.width,
            4.6,
            text,
            border=1,
            fill=True,
            align="L",
            padding=1.5,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.space(2)

    def facts(self, facts, width=0, label_width=42):
        pdf = self.pdf
        width = width or self.width
        for label, value in facts:
            self.font(9, bold=True, color=MUTED)
            label_height = pdf.multi_cell(
                label_width, 5, label, align="L", dry_run=True, output="HEIGHT"
            )
            self.font(9.5)
            value_height = pdf.multi_cell(
                width - label_width, 5, value, align="L", dry_run=True, output="HEIGHT"
            )
            if pdf.get_y() + max(label_height, value_height) > pdf.page_break_trigger:
                pdf.add_page()
            top = pdf.get_y()
            self.font(9, bold=True, color=MUTED)
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(label_width, 5, label, align="L", new_x="RIGHT", new_y="TOP")
            self.font(9.5)
            pdf.set_xy(pdf.l_margin + label_width, top)
            pdf.multi_cell(width - label_width, 5, value, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(top + max(label_height, value_height) + 0.8)

    def progress_bar(self, progress, width):
        pdf = self.pdf
        y = pdf.get_y() + 0.5
        pdf.set_fill_color(*TRACK)
        pdf.rect(pdf.l_margin, y, width, 3, style="F")
        if progress:
            pdf.set_fill_color(*BAR)
            pdf.rect(pdf.l_margin, y, width * min(progress, 100) / 100, 3, style="F")
        pdf.set_y(y + 5)

    def milestones(self, milestones, today):
        pdf = self.pdf
        from fpdf.fonts import FontFace

        if not milestones:
            self.text(_("Este compromiso aún no tiene hitos publicados."), size=9.5, height=4.8)
            return
        rows = []
        for milestone in milestones:
            title = milestone.title
            if milestone.is_illustrative:
                title += " [" + _("Contenido ilustrativo") + "]"
            if milestone.expected_output:
                title += "\n" + _("Producto: %(output)s") % {"output": milestone.expected_output}
            rows.append(
                [
                    title,
                    date_range(milestone.start_date, milestone.end_date, short_month_year),
                    milestone.responsible,
                    milestone_status(milestone, today),
                ]
            )
        # A column no milestone fills (dates, responsible) is left out: room for the titles.
        columns = [
            (_("Hito"), 50, True),
            (_("Fechas"), 20, any(row[1] for row in rows)),
            (_("Responsable"), 18, any(row[2] for row in rows)),
            (_("Estado"), 13, True),
        ]
        keep = [i for i, (_label, _width, shown) in enumerate(columns) if shown]
        self.font(8.5)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(*RULE)
        with pdf.table(
            col_widths=[columns[i][1] for i in keep],
            width=self.width,
            text_align="LEFT",
            line_height=4.2,
            padding=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=TRACK, color=INK),
            borders_layout="HORIZONTAL_LINES",
        ) as table:
            heading = table.row()
            for i in keep:
                heading.cell(columns[i][0])
            for values in rows:
                row = table.row()
                for i in keep:
                    row.cell(values[i] or "—")
        self.space(1)


def commitment_pdf(commitment, *, url, paper_format, site, printed_on, plan=None):
    """The sheet of one commitment as PDF bytes."""
    pdf = _fpdf()(orientation="portrait", unit="mm", format=paper_format)
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / filename))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM + 4)
    pdf.set_title(commitment.title)
    pdf.set_subject(_("Ficha del compromiso"))
    pdf.set_author(site)
    pdf.set_creator(site)
    pdf.set_lang("es")
    pdf.set_creation_date(
        dt.datetime.combine(printed_on, dt.time(), tzinfo=timezone.get_current_timezone())
    )
    pdf.footer_text = f"{printed_label(printed_on)} · {site}"
    pdf.add_page()
    w = SheetWriter(pdf)

    # Header: the text on the left, the QR code on the right.
    top = pdf.get_y()
    text_width = w.width - QR_MM - 6
    qr_x = pdf.l_margin + w.width - QR_MM
    png = io.BytesIO(qr.qr_png(url, min_pixels=QR_MIN_PIXELS))
    pdf.image(
        png,
        x=qr_x,
        y=top,
        w=QR_MM,
        h=QR_MM,
        link=url,
        alt_text=_("Código QR que abre %(url)s") % {"url": url},
    )
    pdf.set_xy(qr_x, top + QR_MM)
    w.font(7.5, color=MUTED)
    pdf.multi_cell(
        QR_MM,
        3.4,
        _("Escanee el código para consultar la información completa"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    qr_bottom = pdf.get_y()

    pdf.set_xy(pdf.l_margin, top)
    w.text(
        f"{site} · {_('Ficha del compromiso')}".upper(),
        size=8,
        bold=True,
        color=ACCENT,
        width=text_width,
    )
    w.space(1)
    w.text(commitment.title, size=15, bold=True, height=7, width=text_width)
    if commitment.summary:
        w.space(1)
        w.text(commitment.summary, size=9.5, color=MUTED, height=4.7, width=text_width)
    w.space(2.5)
    if commitment.is_illustrative:
        w.notice(
            _("Contenido ilustrativo:")
            + " "
            + _(
                "este dato no proviene del plan de acción ni del registro público de OGP; "
                "se muestra como ejemplo."
            ),
            width=text_width,
        )
    facts = []
    if plan is not None:
        facts.append((_("Plan de acción"), getattr(plan, "title", "") or str(plan)))
    if commitment.code:
        facts.append((_("Código OGP"), commitment.code))
    if commitment.axis:
        facts.append((_("Eje"), commitment.axis.name))
    lead = commitment.public.lead_institution
    if lead:
        facts.append((_("Institución líder"), lead.name))
    actors = commitment.public.supporting_actors
    if actors:
        facts.append((_("Instituciones y actores involucrados"), "; ".join(a.name for a in actors)))
    if commitment.start_date or commitment.end_date:
        duration = date_range(commitment.start_date, commitment.end_date)
        facts.append((_("Duración"), duration[:1].upper() + duration[1:]))
    milestones = list(commitment.milestones.all())
    progress = progress_label(commitment, milestones, printed_on)
    if commitment.has_illustrative_milestones:
        progress += f" ({_('calculado con hitos ilustrativos')})"
    facts.append((_("Avance"), progress))
    w.facts(facts, width=text_width, label_width=36)
    w.progress_bar(commitment.progress, text_width)
    pdf.set_y(max(pdf.get_y(), qr_bottom) + 1)

    w.font(9, color=MUTED)
    pdf.multi_cell(
        w.width, 4.6, _("Información actualizada:"), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    w.font(9.5, color=ACCENT)
    pdf.multi_cell(w.width, 4.8, url, align="L", link=url, new_x="LMARGIN", new_y="NEXT")

    if commitment.problem:
        w.heading(_("Problema"))
        w.rich_text(commitment.problem)
    if commitment.description:
        w.heading(_("¿En qué consiste el compromiso?"))
        w.rich_text(commitment.description)

    heading = _("Hitos")
    if commitment.has_illustrative_milestones:
        heading += f" ({_('ilustrativos')})"
    w.heading(heading)
    w.milestones(milestones, printed_on)

    w.heading(_("Valoración del monitor independiente"))
    facts = monitor_facts(commitment)
    if facts:
        w.facts(facts, label_width=56)
    if commitment.monitor_notes:
        w.space(1)
        w.rich_text(commitment.monitor_notes)
    if commitment.monitor_source:
        w.text(
            _("Fuente: %(source)s") % {"source": commitment.monitor_source},
            size=8.5,
            color=MUTED,
            height=4.5,
        )
    if not facts and not commitment.monitor_notes:
        w.text(
            _("El monitor independiente aún no ha publicado su valoración de este compromiso."),
            height=5,
        )
    if commitment.source:
        w.space(2)
        w.text(
            _("Fuente: %(source)s") % {"source": commitment.source},
            size=8.5,
            color=MUTED,
            height=4.5,
        )
    return bytes(pdf.output())


@require_safe
def commitment_sheet_pdf(request, slug):
    paper = _paper(request)
    if paper is None:
        accepted = ", ".join(f"{PAPER_PARAM}={key}" for key in PAPERS)
        return HttpResponseBadRequest(
            _("El papel «%(value)s» no está disponible. Use %(accepted)s.")
            % {"value": request.GET.get(PAPER_PARAM, "")[:40], "accepted": accepted},
            content_type="text/plain; charset=utf-8",
        )
    key, paper_format = paper
    commitment = _public_commitment(slug)
    content = commitment_pdf(
        commitment,
        url=public_url(commitment.get_absolute_url(), request=request),
        paper_format=paper_format,
        site=site_name(request),
        printed_on=timezone.localdate(),
        plan=plan_of(commitment),
    )
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "" if key == DEFAULT_PAPER else f"-{key}"
    response["Content-Disposition"] = f'inline; filename="ficha-{commitment.slug}{suffix}.pdf"'
    return response
