from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "page_title": "Buscar"},
    )
