from django import template
from wagtail.models import Site

from home import fragments

register = template.Library()


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    menu = fragments.main_menu(site) if site is not None else {"root": None, "items": []}
    return {**menu, "request": request, "current": context.get("page")}
