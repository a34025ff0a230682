"""The extension's one HTML sanitiser, and the rich-text field that never holds anything else.

Every piece of HTML that reaches a public page or a preview from a snippet's rich-text field
passes through :func:`sanitize_html`, which is nh3 (the Python binding of Rust's ammonia): a
real HTML5 parser, so markup that a naive tokenizer does not see as a tag (``<!-->``,
``<![CDATA[>``, an unterminated tag) is parsed the way a browser parses it, then reduced to an
allow-list.

The allow-list is Wagtail's rich-text *storage* format for the features the extension's fields
offer: paragraphs, line breaks, bold and italic, lists, headings and links (``href`` with a
safe scheme, or Wagtail's ``linktype``/``id`` internal links), plus Draftail's
``data-block-key``.

:class:`SanitizedRichTextField` applies it on every way in: when a value is written to the
database (``get_prep_value``) and when a value is read back from a form or from a revision's
JSON (``to_python``), which is what the reviewer's preview renders. So a draft created by the
CSV import, the API or any future path cannot carry script to the admin origin or the public.
"""

import nh3
from wagtail.fields import RichTextField

ALLOWED_TAGS = frozenset(
    {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}, "*": {"data-block-key"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Dropped with their content, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,  # Wagtail's rich-text rewriter adds what links need when it renders
)


def sanitize_html(value):
    """``value`` reduced to the allow-list; ``None`` and ``""`` are returned as they are."""
    if not value:
        return value
    return _cleaner.clean(str(value))


class SanitizedRichTextField(RichTextField):
    """A ``RichTextField`` whose value is always sanitised HTML, however it was written."""

    def to_python(self, value):
        return sanitize_html(super().to_python(value))

    def get_prep_value(self, value):
        return sanitize_html(super().get_prep_value(value))
