from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class LiveSnippetChooserBlock(SnippetChooserBlock):
    """Chooses a snippet; renders it only while it is published (live)."""

    def get_preview_value(self):
        model = self.model_class
        return model.objects.filter(live=True).order_by("pk").first()


def first_live(model):
    return model.objects.filter(live=True).order_by("pk").first()


class DomainBlock(blocks.StructBlock):
    """A StructBlock whose preview picks published content on the site."""

    preview_defaults = {}

    def get_preview_value(self):
        return self.to_python(dict(self.preview_defaults))
