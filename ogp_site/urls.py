from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms_blocks.public_urls import public_base_url
from cms_blocks.sitemaps import OpenDataSitemap, PageSitemap, SnippetSitemap
from home.views import favicon
from participation.sitemaps import ParticipationSitemap
from search import views as search_views

from . import accessibility
from .api import api_router

sitemaps = {"paginas": PageSitemap, "contenido": SnippetSitemap, "datos": OpenDataSitemap}
sitemaps["participacion"] = ParticipationSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accesibilidad/", accessibility.set_preference, name="accessibility"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            extra_context={"public_base_url": public_base_url},  # called by the template
        ),
        name="robots",
    ),
]

# The public pages in each language: Spanish at the root, English under /en/ (issue 12).
public_patterns = [
    path("buscar/", search_views.search, name="search"),
    path("", include("participation.urls")),
    path("", include("cms_blocks.urls")),
]
urlpatterns += i18n_patterns(*public_patterns, prefix_default_language=False)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

# A database error outside a view: the 503 page of ogp_site.db_unavailable, not the 500.
handler500 = "ogp_site.db_unavailable.server_error"
