from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    root = None
    if site is not None:
        root = site.root_page
        items = list(
            root.get_children().live().public().in_menu().only("title", "url_path", "slug")
        )
    return {"root": root, "items": items, "request": request, "current": context.get("page")}
