"""Tags for the moderation e-mails (home/templates/home/notifications/)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import urlize
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def edit_link(obj, user):
    """The object's editor for this recipient (absolute URL), or "" if they may not edit it."""
    from home.moderation_emails import edit_url

    return edit_url(obj, user)


@register.simple_tag(takes_context=True)
def text_as_html(context, template_name):
    """The plain-text e-mail, escaped, with its links clickable (the HTML alternative)."""
    text = render_to_string(template_name, context.flatten()).strip()
    return mark_safe(urlize(text, autoescape=True))  # noqa: S308 (urlize escaped it)
