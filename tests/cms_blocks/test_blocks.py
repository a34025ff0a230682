"""Every StreamField block: its template, its admin preview, and what it renders."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms_blocks.blocks import (
    CONTENT_BLOCKS,
    CallToActionBlock,
    CommitmentBlock,
    CommitmentListBlock,
    CommitteeRosterBlock,
    ConsultationResultsBlock,
    ImageBlock,
)
from cms_blocks.models import (
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    Institution,
    MonitorReport,
)
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.cms_blocks.testsite.models import TestPage

BLOCK_NAMES = [name for name, _block in CONTENT_BLOCKS]
BLOCKS = dict(CONTENT_BLOCKS)

pytestmark = pytest.mark.django_db


def stream_child(name):
    """The block as a page's StreamField holds it (named, registered for previews)."""
    return TestPage._meta.get_field("body").stream_block.child_blocks[name]


def render_preview(name):
    block = stream_child(name)
    return block.render(block.get_preview_value())


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def image(db):
    Image = get_image_model()
    image = Image.objects.create(title="Mesa de cocreación", file=get_test_image_file())
    yield image
    image.delete()


@pytest.fixture
def document(db, tmp_path):
    from django.core.files.base import ContentFile

    Document = get_document_model()
    doc = Document(title="Informe de prueba")
    doc.file.save("informe-prueba.pdf", ContentFile(b"%PDF-1.4 prueba"), save=False)
    doc._set_document_file_metadata()  # size and hash, as the admin's upload sets them
    doc.save()
    yield doc
    doc.file.delete(save=False)
    doc.delete()


# -- every block: template, preview, label ---------------------------------------------


def test_every_block_is_listed_once():
    assert len(BLOCK_NAMES) == len(set(BLOCK_NAMES)) == 21


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_has_its_own_template(name):
    block = BLOCKS[name]
    template = block.meta.template
    assert template.startswith("cms_blocks/blocks/")
    get_template(template)  # exists
    assert block.meta.label, "a Spanish label for the block picker"
    assert block.get_description(), "a description for the block picker's preview"


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_is_previewable_in_the_admin(name):
    assert stream_child(name).is_previewable


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_block_renders_its_preview_value(content, image, document, name):
    html = render_preview(name)
    assert text_of(html), f"{name} rendered nothing from its preview value"
    assert "None" not in text_of(html)


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_admin_block_preview_view(content, image, document, admin_client, name):
    block = stream_child(name)
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"block-{name}" in html
    # That the preview has the site's stylesheet is the site's template: tests/integration.
    assert text_of(block.render(block.get_preview_value()))[:40] in text_of(html)


# -- what each block shows -----------------------------------------------------------------


def test_heading_block_keeps_the_chosen_level():
    block = BLOCKS["heading"]
    assert block.render(block.to_python({"text": "Ejes", "level": "h3"})).startswith("<h3")
    assert "<h2" in render_preview("heading")


def test_rich_text_block():
    assert "pilares para generar" in render_preview("paragraph")


def test_image_block_renders_the_alt_text(image):
    block = BLOCKS["image"]
    html = block.render(
        block.to_python(
            {"image": image.pk, "alt_text": "Ciudadanos en una mesa", "caption": "Mesa 1"}
        )
    )
    assert 'alt="Ciudadanos en una mesa"' in html
    assert "<figcaption>Mesa 1" in html
    assert 'width="' in html and 'height="' in html


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_image_block_requires_alt_text(image, alt_text):
    block = ImageBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": alt_text}))
    assert "alt_text" in error.value.block_errors


def test_image_block_with_alt_text_is_valid(image):
    block = ImageBlock()
    block.clean(block.to_python({"image": image.pk, "alt_text": "Una mesa de trabajo"}))


def test_document_block_shows_format_and_size(document):
    block = BLOCKS["document"]
    html = block.render(block.to_python({"document": document.pk, "title": "", "description": ""}))
    assert "Informe de prueba" in html
    assert "(PDF, " in html
    assert document.url in html


def test_quote_block():
    html = render_preview("quote")
    assert "<blockquote>" in html
    assert "Plan de Acción de Gobierno Abierto 2023" in html


def test_notice_block_says_its_kind_in_words():
    html = render_preview("notice")
    assert 'role="note"' in html
    assert "Importante: La consulta virtual cerró" in html
    assert "Los resultados se publican" in html
    block = BLOCKS["notice"]
    html = block.render(block.to_python({"kind": "info", "title": "Nuevo informe", "text": ""}))
    assert "Información: Nuevo informe" in html and html.count("<p>") == 1


def test_key_figures_block():
    html = render_preview("key_figures")
    assert "246" in html and "personas" in html


def test_timeline_block_is_an_ordered_list():
    html = render_preview("timeline")
    assert "<ol" in html
    assert html.index("Fase de cocreación") < html.index("Consulta virtual")


def test_accordion_block_works_without_javascript():
    html = render_preview("accordion")
    assert "<details open>" in html and "<summary>" in html
    assert "¿Qué es OGP Local?" in html


def test_call_to_action_links_to_url_or_page(content):
    assert 'href="https://www.example.org/denuncias/"' in render_preview("call_to_action")
    block = BLOCKS["call_to_action"]
    plan = TestPageFactory(parent=content.home, title="Plan de acción")
    html = block.render(
        block.to_python(
            {"title": "Lea el plan", "link_text": "Ir al plan", "page": plan.pk, "url": ""}
        )
    )
    assert f'href="{plan.url}"' in html


def test_call_to_action_needs_a_page_or_a_url():
    block = CallToActionBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"title": "T", "link_text": "Ir", "page": None, "url": ""}))
    assert "url" in error.value.block_errors
    block.clean(block.to_python({"title": "T", "link_text": "Ir", "url": "https://www.gov.co/"}))


def test_table_block_has_caption_and_column_headers():
    html = render_preview("table")
    assert "<caption>Sectores del comité</caption>" in html
    assert '<th scope="col">Sector</th>' in html
    assert "<td>Academia</td>" in html
    block = BLOCKS["table"]
    value = block.to_python(
        {
            "first_row_is_table_header": False,
            "first_col_is_header": True,
            "table_caption": "",
            "data": [["Academia", "2"], ["Comunales", None]],
        }
    )
    html = block.render(value)
    assert '<th scope="row">Academia</th><td>2</td>' in html
    assert "None" not in html
    assert "<thead>" not in html


def test_embed_block_links_without_loading_the_third_party():
    html = render_preview("embed")
    assert "<iframe" not in html and "<script" not in html
    assert 'href="https://www.opengovpartnership.org/' in html
    assert "www.opengovpartnership.org" in text_of(html)


def test_commitment_block_shows_the_commitment_with_milestones(content):
    html = render_preview("commitment")
    commitment = Commitment.objects.live().order_by("pk").first()
    assert commitment.title in html
    assert f"{commitment.progress} %" in html
    assert '<table class="milestones" role="table">' in html
    for milestone in commitment.milestones.all():
        assert milestone.title in html
    assert "Contenido ilustrativo" in html or "ilustrativo" in html  # illustrative milestones


def test_commitment_block_can_hide_milestones(content):
    block = CommitmentBlock()
    commitment = Commitment.objects.live().order_by("pk").first()
    html = block.render(block.to_python({"commitment": commitment.pk, "show_milestones": False}))
    assert commitment.title in html
    assert 'class="milestones"' not in html


def test_commitment_list_block_filters(content):
    block = CommitmentListBlock()
    everything = block.render(block.to_python({"heading": "Todos"}))
    for commitment in Commitment.objects.live():
        assert commitment.title in everything
    completed = block.render(block.to_python({"status": "completed"}))
    assert "Presupuesto abierto" in completed
    assert "Contratación abierta" not in completed
    none = block.render(block.to_python({"axis": "no-existe"}))
    assert "No hay compromisos publicados" in none


def test_committee_roster_lists_the_members_grouped_by_sector_in_order(content):
    html = render_preview("committee_roster")
    sectors = re.findall(r"<h3>([^<]+)</h3>", html)
    assert sectors == ["Academia", "Sociedad civil", "Sector privado"]
    assert "4 integrantes" in html
    for member in CommitteeMember.objects.live():
        assert member.name in html
    assert html.count("<li>") == 4
    # Each member sits under their own sector.
    for sector_html in re.split(r"<h3>", html)[1:]:
        sector = sector_html.split("</h3>")[0]
        for name in re.findall(r"<li>([^<]+)</li>", sector_html):
            assert CommitteeMember.objects.get(name=name.strip()).sector == sector
    assert "@" not in html  # no contact data


def test_consultation_results_have_an_svg_and_a_table_with_the_same_numbers(content):
    html = render_preview("consultation_results")
    assert "<svg" in html and 'role="img"' in html
    assert "<table>" in html
    consultation = Consultation.objects.prefetch_related("options").get(pk=content.consultation.pk)
    results = consultation.get_results()
    svg = html[html.index("<svg") : html.index("</svg>")]
    table = html[html.index("<table>") : html.index("</table>")]
    svg_values = [int(v) for v in re.findall(r'class="chart-value">(\d+)<', svg)]
    table_values = [int(v) for v in re.findall(r"</th><td>(\d+)</td>", table)]
    assert svg_values == [votes for _option, votes in results]
    assert table_values[:-1] == svg_values  # the last one is the total
    assert table_values[-1] == sum(svg_values)
    assert "Contenido ilustrativo" in html  # votes per option are not in the plan


def test_consultation_results_bars_are_scaled(content):
    block = ConsultationResultsBlock()
    consultation = content.consultation
    html = block.render(block.to_python({"consultation": consultation.pk}))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', html)]
    assert max(widths) == 560.0
    assert widths == sorted(widths, reverse=True)  # the content's votes go down


def test_cocreation_figures_block(content):
    html = render_preview("cocreation_figures")
    for figure in ["246", "23", "120"]:
        assert figure in html
    assert "Jóvenes" in html  # groups shown by default
    block = BLOCKS["cocreation_figures"]
    without = block.render(block.to_python({"heading": "", "show_groups": False}))
    assert "Jóvenes" not in without
    # The block cites the plan once; the figure from the press release cites its own source.
    assert html.count("Fuente: Plan de acción de prueba") == 1
    assert "Fuente: Comunicado de prensa de prueba" in html
    assert '<span class="figure-qualifier">más de</span> 120' in html


def test_monitor_reports_block(content):
    html = render_preview("monitor_reports")
    for report in MonitorReport.objects.live():
        assert report.title in html
        assert report.get_absolute_url() in html
    block = BLOCKS["monitor_reports"]
    results = block.render(block.to_python({"moment": "results"}))
    assert "Informe final" in results and "Informe inicial" not in results
    one = block.render(block.to_python({"limit": 1}))
    assert one.count("report-card") == 1


def test_institutions_block(content):
    html = render_preview("institutions")
    for institution in Institution.objects.live():
        assert institution.name in html
    block = BLOCKS["institutions"]
    monitors = block.render(block.to_python({"role": "monitor"}))
    assert "Universidad Monitora" in monitors
    assert "Secretaría de Planeación" not in monitors


def test_initiatives_block(content):
    html = render_preview("initiatives")
    for initiative in Initiative.objects.live():
        assert initiative.title in html
    block = BLOCKS["initiatives"]
    platforms = block.render(block.to_python({"kind": "platform"}))
    assert "Iniciativa: Plataforma" in platforms and "Iniciativa: Canal" not in platforms


def test_domain_blocks_render_nothing_for_unpublished_snippets(content):
    committee = Committee.objects.get()
    Committee.objects.filter(pk=committee.pk).update(live=False)
    block = CommitteeRosterBlock()
    assert text_of(block.render(block.to_python({"committee": committee.pk}))) == ""
    commitment = Commitment.objects.order_by("pk").first()
    Commitment.objects.filter(pk=commitment.pk).update(live=False)
    block = CommitmentBlock()
    assert text_of(block.render(block.to_python({"commitment": commitment.pk}))) == ""
    # Even a value loaded while it was live renders nothing once it is unpublished.
    Commitment.objects.filter(pk=commitment.pk).update(live=True)
    value = block.to_python({"commitment": commitment.pk})
    Commitment.objects.filter(pk=commitment.pk).update(live=False)
    assert text_of(block.render(value)) == ""
