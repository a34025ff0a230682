"""Responsive images (cms_blocks.image_formats): the image block and rich-text image embeds
render a <picture> with AVIF (when Pillow writes it) and WebP sources, a srcset of widths, a
sizes, and an <img> with width and height. Images are made with Pillow, in memory."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import features
from wagtail.images import get_image_model

from cms_blocks import image_formats
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.cms_blocks.testsite.models import TestPage
from tests.factories.pages import stream

pytestmark = pytest.mark.django_db

AVIF = features.check("avif")
BLOCKS = TestPage._meta.get_field("body").stream_block.child_blocks


def pillow_image(width, height, fmt="JPEG", name="foto.jpg", mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), (200, 120, 40) if mode == "RGB" else (0, 0, 0, 0)).save(
        buffer, fmt
    )
    return ImageFile(buffer, name=name)


@pytest.fixture
def make_image(db):
    made = []

    def make(width=1600, height=900, **kwargs):
        image = get_image_model().objects.create(
            title=f"Mesa {width}", file=pillow_image(width, height, **kwargs)
        )
        made.append(image)
        return image

    yield make
    for image in made:
        get_image_model().objects.filter(pk=image.pk).delete()


def sources(html):
    """``{srcset: type}`` of the <source> elements, in order."""
    tags = re.findall(r"<source [^>]*>", html)
    assert all(attr(tag, "sizes") for tag in tags), tags
    return {attr(tag, "srcset"): attr(tag, "type") for tag in tags}


def img_tag(html):
    found = re.findall(r"<img [^>]*>", html)
    assert len(found) == 1, html
    return found[0]


def attr(tag, name):
    match = re.search(rf'\b{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def render_image_block(image, alt="Ciudadanos en una mesa de trabajo"):
    block = BLOCKS["image"]
    return block.render(block.to_python({"image": image.pk, "alt_text": alt, "caption": "Mesa"}))


def test_image_block_renders_a_picture_with_modern_sources_widths_and_dimensions(make_image):
    html = render_image_block(make_image(1600, 900))
    assert html.count("<picture>") == 1
    by_type = {kind: srcset for srcset, kind in sources(html).items()}
    expected = ["image/avif", "image/webp"] if AVIF else ["image/webp"]
    assert list(by_type) == expected  # best first: the browser takes the first it supports
    for kind, srcset in by_type.items():
        candidates = [c.strip().split(" ") for c in srcset.split(",")]
        assert [w for _, w in candidates] == ["400w", "800w", "1200w"], kind
        extension = kind.split("/")[1]
        assert all(url.endswith(f".{extension}") for url, _ in candidates), srcset
    img = img_tag(html)
    assert attr(img, "alt") == "Ciudadanos en una mesa de trabajo"
    assert attr(img, "width") == "400" and attr(img, "height") == "225"  # 16:9 kept
    assert attr(img, "sizes") == image_formats.FULL_WIDTH_SIZES
    assert attr(img, "srcset").count("w,") == 2 and ".jpg 1200w" in attr(img, "srcset")
    assert attr(img, "loading") == "lazy"
    assert "responsive-image" in attr(img, "class").split()
    assert 'style="' not in html  # the public CSP allows no style attribute


def test_renditions_are_really_webp_and_avif_files(make_image):
    image = make_image(1000, 500)
    html = render_image_block(image)
    renditions = {r.filter_spec: r for r in image.renditions.all()}
    webp = renditions["width-800|format-webp"]
    with webp.file.open() as f:
        assert PILImage.open(f).format == "WEBP"
    assert (webp.width, webp.height) == (800, 400)
    assert "width-1000|format-webp" in renditions  # the original width, not an upscale to 1200
    assert "1000w" in html and "1200w" not in html
    if AVIF:
        with renditions["width-400|format-avif"].file.open() as f:
            assert PILImage.open(f).format == "AVIF"


def test_a_small_image_is_not_upscaled_nor_listed_twice(make_image):
    html = render_image_block(make_image(300, 200))
    for srcset in sources(html):
        assert "," not in srcset and ".width-300." in srcset  # one candidate, not upscaled
    img = img_tag(html)
    assert (attr(img, "width"), attr(img, "height")) == ("300", "200")


def test_a_png_keeps_a_png_fallback(make_image):
    html = render_image_block(make_image(900, 600, fmt="PNG", name="logo.png", mode="RGBA"))
    assert attr(img_tag(html), "src").endswith(".png")


def test_without_avif_in_pillow_it_degrades_to_webp(make_image, monkeypatch):
    image = make_image(1600, 900)
    image_formats.avif_supported.cache_clear()
    monkeypatch.setattr(features, "check", lambda name: name != "avif")
    try:
        html = render_image_block(image)
    finally:
        image_formats.avif_supported.cache_clear()
    assert list(sources(html).values()) == ["image/webp"]


def test_rich_text_offers_image_embeds():
    assert "image" in BLOCKS["paragraph"].features


def embed(image, alt, fmt="fullwidth"):
    alt_attr = f' alt="{alt}"' if alt is not None else ""
    return f'<embed{alt_attr} embedtype="image" format="{fmt}" id="{image.pk}"/>'


@pytest.mark.parametrize("alt", [None, "", "   "])
def test_rich_text_image_without_alt_text_is_refused(make_image, alt):
    block = BLOCKS["paragraph"]
    value = block.to_python(f"<p>Texto</p>{embed(make_image(), alt)}")
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "texto alternativo" in str(error.value)


def test_rich_text_image_with_alt_text_is_valid(make_image):
    block = BLOCKS["paragraph"]
    block.clean(block.to_python(f"<p>Texto</p>{embed(make_image(), 'Un mapa del barrio')}"))


def test_rich_text_image_embed_renders_a_responsive_picture_on_the_page(
    content, client, make_image
):
    image = make_image(1600, 1000)
    body = stream(
        (
            "paragraph",
            f"<p>Antes</p>{embed(image, 'Mapa de los barrios &amp; sus mesas')}"
            f"{embed(image, 'Detalle del mapa', fmt='left')}",
        )
    )
    page = TestPageFactory(
        parent=content.home, title="Con imágenes", slug="con-imagenes", body=body
    )
    html = client.get(page.url).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2
    full, left = pictures
    img = img_tag(full)
    assert attr(img, "alt") == "Mapa de los barrios &amp; sus mesas"
    assert attr(img, "class") == "responsive-image richtext-image full-width"
    assert (attr(img, "width"), attr(img, "height")) == ("400", "250")
    assert "image/webp" in sources(full).values()
    assert "1200w" in full
    left_img = img_tag(left)
    assert attr(left_img, "class") == "responsive-image richtext-image left"
    assert attr(left_img, "sizes") == image_formats.HALF_WIDTH_SIZES
    assert "1200w" not in left and "800w" in left


def test_an_embed_of_a_deleted_image_renders_no_broken_picture(content, client, make_image):
    image = make_image()
    body = stream(("paragraph", f"<p>Antes</p>{embed(image, 'Una foto')}"))
    get_image_model().objects.filter(pk=image.pk).delete()
    page = TestPageFactory(parent=content.home, title="Sin imagen", slug="sin-imagen", body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()
