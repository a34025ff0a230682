"""Chromium loads a responsive image's modern rendition, and nothing shifts as it arrives.

The images are made with Pillow in memory (the seed has none). In production the web server in
front serves /media/ (docs/deploy.md; Django never does with DEBUG off), so here the browser's
requests for /media/ are answered from MEDIA_ROOT, with the file's own bytes, as that server
would; everything else comes from the live server.
"""

import io
import json
import mimetypes
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")

# Layout shifts since the page started, from the buffered entries of a PerformanceObserver,
# read after two animation frames (the buffered entries are queued by then).
CLS = """() => new Promise(resolve => {
  let total = 0;
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  });
  observer.observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => {
    for (const entry of observer.takeRecords()) if (!entry.hadRecentInput) total += entry.value;
    observer.disconnect();
    resolve(total);
  }));
})"""


def serve_media(page, base_url):
    root = Path(settings.MEDIA_ROOT)

    def handle(route):
        path = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        file = (root / path).resolve()
        if root.resolve() not in file.parents or not file.is_file():
            route.fulfill(status=404, body="")
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), headers={"Content-Type": content_type})

    page.route(re.compile(re.escape(base_url + settings.MEDIA_URL) + ".*"), handle)


def make_page_with_images():
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from home.models import ContentPage, HomePage

    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (1600, 900), (0, 72, 132))
    for x in range(0, 1600, 200):  # some detail, so the encoders have something to encode
        picture.paste((243, 195, 0), (x, 300, x + 100, 600))
    picture.save(buffer, "JPEG")
    image = get_image_model().objects.create(
        title="Mesa de cocreación", file=ImageFile(buffer, name="mesa.jpg")
    )
    body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": "<p>" + "Texto antes de la imagen. " * 40 + "</p>",
            },
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Ciudadanos en la mesa de cocreación",
                    "caption": "Mesa de cocreación",
                    "credit": "",
                },
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>Un mapa:</p>"
                    f'<embed alt="Mapa de las mesas" embedtype="image" format="fullwidth" '
                    f'id="{image.pk}"/><p>' + "Texto después. " * 40 + "</p>"
                ),
            },
        ]
    )
    home = HomePage.objects.get()
    page = home.add_child(
        instance=ContentPage(title="Galería de la cocreación", slug="galeria-prueba", body=body)
    )
    page.save_revision().publish()
    return page


def test_browser_loads_a_modern_rendition_without_layout_shift(live_seeded, page, axe_check):
    content = make_page_with_images()
    serve_media(page, live_seeded.url)
    page.goto(live_seeded.url + content.url)
    expect(page.locator("h1")).to_have_text("Galería de la cocreación")

    images = page.locator("main picture img")
    expect(images).to_have_count(2)
    for index in range(2):
        img = images.nth(index)
        assert img.get_attribute("width") and img.get_attribute("height")
        assert img.get_attribute("srcset") and img.get_attribute("sizes")
        img.scroll_into_view_if_needed()  # they load lazily
        handle = img.element_handle()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=handle)
        current = img.evaluate("img => img.currentSrc")
        assert current.endswith((".avif", ".webp")), current
        # The box the attributes reserved is the box the image has: the aspect ratio held.
        box = img.bounding_box()
        assert abs(box["height"] / box["width"] - 900 / 1600) < 0.02, box

    assert page.evaluate(CLS) < 0.01
    axe_check(page)
    assert page.external_requests == []


def test_structured_data_is_not_blocked_by_the_content_security_policy(live_seeded, page):
    """JSON-LD is a data block: Chromium reports no CSP violation for it and keeps it."""
    from cms_blocks.models import Commitment

    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    commitment = Commitment.objects.live().order_by("pk").first()
    page.goto(live_seeded.url + commitment.get_absolute_url())
    data = page.locator('script[type="application/ld+json"]')
    expect(data).to_have_count(1)
    parsed = json.loads(data.text_content())
    assert parsed["@type"] == "GovernmentService" and parsed["name"] == commitment.title
    assert violations == []
    assert page.external_requests == []
