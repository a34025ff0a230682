from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.fields import StreamField


class TestPage(Page):
    """The test site's one page type: any of the extension's blocks, in any order."""

    __test__ = False  # a model, not a test class (pytest collects classes named Test*)

    body = StreamField(CONTENT_BLOCKS, blank=True)
    # A page may present an action plan: its blocks then list that plan's content. The
    # extension asks only for the ``action_plan`` attribute (docs/adopting.md).
    plan = models.ForeignKey(
        "cms_blocks.ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [FieldPanel("plan"), FieldPanel("body")]

    @property
    def action_plan(self):
        return self.plan
