from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.fields import StreamField


class TestPage(Page):
    """The test site's one page type: any of the extension's blocks, in any order."""

    __test__ = False  # a model, not a test class (pytest collects classes named Test*)

    body = StreamField(CONTENT_BLOCKS, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
