"""Generic content blocks: heading, rich text, image, document, quote, figures, timeline..."""

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from ..image_formats import responsive_picture
from .base import content_block

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "document-link",
    "image",
    "ol",
    "ul",
    "hr",
]
IMAGE_EMBED = re.compile(r"<embed\b[^>]*\bembedtype=\"image\"[^>]*>", re.IGNORECASE)
EMBED_ALT = re.compile(r"\balt=\"([^\"]*)\"")


@content_block("heading")
class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texto"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("nivel"),
        choices=[("h2", _("Título de sección (h2)")), ("h3", _("Subtítulo (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Título")
        group = _("Texto")
        template = "cms_blocks/blocks/heading.html"
        preview_value = {"text": "Visión estratégica de gobierno abierto", "level": "h2"}
        description = _("Un título de sección; mantiene la jerarquía de títulos de la página.")


@content_block("paragraph")
class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Texto")
        group = _("Texto")
        template = "cms_blocks/blocks/rich_text.html"
        preview_value = (
            "<p>La transparencia y el acceso a la información son pilares para generar "
            "confianza.</p>"
        )
        description = _("Párrafos con formato, enlaces, listas e imágenes.")

    def clean(self, value):
        """An image embedded in the text needs its text alternative (Wagtail's chooser lets
        an editor mark it decorative, with an empty one): the site's rule is that every image
        an editor places says what it shows."""
        value = super().clean(value)
        for embed in IMAGE_EMBED.findall(value.source):
            alt = EMBED_ALT.search(embed)
            if alt is None or not alt.group(1).strip():
                raise ValidationError(
                    _(
                        "Cada imagen del texto necesita su texto alternativo: edite la imagen "
                        "y describa lo que muestra (no la marque como decorativa)."
                    )
                )
        return value


@content_block("image")
class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("imagen"))
    alt_text = blocks.CharBlock(
        label=_("texto alternativo"),
        max_length=250,
        help_text=_("Describe la imagen para quien no la ve. Obligatorio."),
    )
    caption = blocks.CharBlock(label=_("pie de foto"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("crédito"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Imagen")
        group = _("Medios")
        template = "cms_blocks/blocks/image.html"
        description = _("Una imagen con texto alternativo obligatorio y pie de foto.")

    def get_context(self, value, parent_context=None):
        """``picture``: the image at several widths, in AVIF/WebP with a fallback, with its
        width and height (``cms_blocks.image_formats``)."""
        context = super().get_context(value, parent_context=parent_context)
        image = value.get("image")
        context["picture"] = responsive_picture(image, value.get("alt_text", "")) if image else None
        return context

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError(_("Escriba el texto alternativo."))}
            )
        return value

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("pk").first()
        return self.to_python(
            {
                "image": image.pk if image else None,
                "alt_text": "Imagen de ejemplo",
                "caption": "Pie de foto de ejemplo",
                "credit": "",
            }
        )


@content_block("document")
class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("documento"))
    title = blocks.CharBlock(label=_("título visible"), required=False, max_length=200)
    description = blocks.TextBlock(label=_("descripción"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Documento")
        group = _("Medios")
        template = "cms_blocks/blocks/document.html"
        description = _("Un enlace de descarga con su formato y tamaño.")

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("pk").first()
        return self.to_python(
            {"document": document.pk if document else None, "title": "", "description": ""}
        )


@content_block("quote")
class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("cita"))
    attribution = blocks.CharBlock(label=_("autor o fuente"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cita")
        group = _("Texto")
        template = "cms_blocks/blocks/quote.html"
        preview_value = {
            "quote": "Asumimos los retos de ciudad con la ciudadanía.",
            "attribution": "Plan de Acción de Gobierno Abierto 2023",
        }
        description = _("Una cita destacada con su fuente.")


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("cifra"), max_length=30)
    label = blocks.CharBlock(label=_("etiqueta"), max_length=120)

    class Meta:
        icon = "order"
        label = _("Cifra")


@content_block("notice")
class NoticeBlock(blocks.StructBlock):
    """A notice a reader must not miss: a changed date, a closed consultation, a new report."""

    kind = blocks.ChoiceBlock(
        label=_("tipo"),
        choices=[("info", _("Información")), ("warning", _("Importante"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("título"), max_length=120)
    text = blocks.TextBlock(label=_("texto"), required=False)

    class Meta:
        icon = "warning"
        label = _("Aviso")
        group = _("Texto")
        template = "cms_blocks/blocks/notice.html"
        preview_value = {
            "kind": "warning",
            "title": "La consulta virtual cerró",
            "text": "Los resultados se publican cuando el comité los revise.",
        }
        description = _("Un aviso destacado, con su tipo dicho en palabras y no solo en color.")


@content_block("key_figures")
class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("cifras"), min_num=1)

    class Meta:
        icon = "order"
        label = _("Cifras clave")
        group = _("Datos")
        template = "cms_blocks/blocks/key_figures.html"
        preview_value = {
            "heading": "En cifras",
            "figures": [
                {"value": "7", "label": "grupos participantes"},
                {"value": "246", "label": "personas"},
                {"value": "23", "label": "mesas de cocreación"},
            ],
        }
        description = _(
            "Cifras destacadas escritas a mano "
            "(para los datos del proceso use el bloque de cocreación)."
        )


class TimelineEventBlock(blocks.StructBlock):
    date_label = blocks.CharBlock(label=_("fecha"), max_length=60)
    title = blocks.CharBlock(label=_("título"), max_length=200)
    text = blocks.TextBlock(label=_("texto"), required=False)


@content_block("timeline")
class TimelineBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    events = blocks.ListBlock(TimelineEventBlock(), label=_("eventos"), min_num=1)

    class Meta:
        icon = "date"
        label = _("Línea de tiempo")
        group = _("Datos")
        template = "cms_blocks/blocks/timeline.html"
        preview_value = {
            "heading": "Etapas",
            "events": [
                {
                    "date_label": "Septiembre–octubre 2022",
                    "title": "Fase de cocreación",
                    "text": "",
                },
                {"date_label": "Noviembre 2022", "title": "Consulta virtual", "text": ""},
            ],
        }
        description = _("Etapas o hitos en orden cronológico.")


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("pregunta"), max_length=300)
    answer = RichTextBlock(label=_("respuesta"))


@content_block("accordion")
class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("preguntas"), min_num=1)
    open_first = blocks.BooleanBlock(label=_("abrir la primera"), required=False, default=False)

    class Meta:
        icon = "help"
        label = _("Preguntas y respuestas")
        group = _("Texto")
        template = "cms_blocks/blocks/accordion.html"
        preview_value = {
            "heading": "Preguntas frecuentes",
            "items": [
                {
                    "question": "¿Qué es OGP Local?",
                    "answer": "<p>Un programa de la Alianza para el Gobierno Abierto.</p>",
                }
            ],
            "open_first": True,
        }
        description = _("Preguntas y respuestas plegables; funcionan sin JavaScript.")


@content_block("call_to_action")
class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("título"), max_length=200)
    text = blocks.TextBlock(label=_("texto"), required=False)
    link_text = blocks.CharBlock(label=_("texto del enlace"), max_length=80)
    page = blocks.PageChooserBlock(label=_("página"), required=False)
    url = blocks.URLBlock(label=_("o dirección"), required=False)

    class Meta:
        icon = "pick"
        label = _("Llamado a la acción")
        group = _("Texto")
        template = "cms_blocks/blocks/call_to_action.html"
        preview_value = {
            "title": "Denuncie posibles hechos de corrupción",
            "text": "De manera directa o anónima.",
            "link_text": "Ir al portal de denuncias",
            "url": "https://www.example.org/denuncias/",
        }
        description = _("Un recuadro que invita a una acción, con un enlace.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Elija una página o escriba una dirección."))
                }
            )
        return value


@content_block("table")
class TableBlock(WagtailTableBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {"language": "es", "startRows": 3, "startCols": 2, "contextMenu": True},
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        label = _("Tabla")
        group = _("Datos")
        template = "cms_blocks/blocks/table.html"
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Sectores del comité",
            "data": [["Sector", "Integrantes"], ["Academia", "2"], ["Sociedad civil", "2"]],
        }
        description = _("Una tabla de datos con encabezados y título.")


@content_block("embed")
class EmbedBlock(blocks.StructBlock):
    """External media (video, map...) shown as a link card.

    The public pages make no request to third-party hosts (privacy, Ley 1581), so the
    media is linked, with a title and an optional transcript, rather than framed.
    """

    url = blocks.URLBlock(label=_("dirección del contenido"))
    title = blocks.CharBlock(label=_("título"), max_length=200)
    transcript = blocks.TextBlock(label=_("transcripción o descripción"), required=False)

    class Meta:
        icon = "media"
        label = _("Contenido externo")
        group = _("Medios")
        template = "cms_blocks/blocks/embed.html"
        preview_value = {
            "url": "https://www.opengovpartnership.org/es/ogp-local/",
            "title": "OGP Local, la red local de la Alianza para el Gobierno Abierto",
            "transcript": "",
        }
        description = _(
            "Video u otro contenido externo, enlazado sin cargar servicios de terceros."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["host"] = urlparse(value["url"]).hostname or ""
        return context
