from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.fields import StreamField


class TestPageTag(TaggedItemBase):
    """A tag on a test page, as a site tags its pages (Wagtail's documented way): the
    extension's tag pages find this through model by themselves (``cms_blocks.tags``)."""

    __test__ = False

    content_object = ParentalKey(
        "testsite.TestPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class TestPage(Page):
    """The test site's one page type: any of the extension's blocks, in any order."""

    __test__ = False  # a model, not a test class (pytest collects classes named Test*)

    body = StreamField(CONTENT_BLOCKS, blank=True)
    # A page may present an action plan: its blocks then list that plan's content. The
    # extension asks only for the ``action_plan`` attribute (docs/adopting.md).
    plan = models.ForeignKey(
        "cms_blocks.ActionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    tags = ClusterTaggableManager(through=TestPageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("plan"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]

    @property
    def action_plan(self):
        return self.plan
