from django.urls import include, path, re_path

from . import dashboard, feeds, history_feeds, printing, qr, tags, views
from .opendata import views as opendata_views

app_name = "cms_blocks"

# A plan's own pages: /planes/<plan>/…; the unprefixed lists are the current plan's.
plan_patterns = [
    path("", views.plan_detail, name="plan_detail"),
    path("compromisos/", views.commitment_list, name="plan_commitments"),
    path("avance/", dashboard.plan_dashboard, name="plan_dashboard"),
    path("comite/", views.plan_committee, name="plan_committee"),
    path("cocreacion/", views.plan_cocreation, name="plan_cocreation"),
    path("consultas/", views.plan_consultations, name="plan_consultations"),
    path("informes/", views.report_list, name="plan_reports"),
    path("informes/feed/", feeds.MonitorReportFeed(), name="plan_report_feed"),
    path("datos/", opendata_views.plan_index, name="plan_opendata_index"),
    re_path(
        r"^datos/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json|xlsx)$",
        opendata_views.plan_download,
        name="plan_opendata_download",
    ),
]

urlpatterns = [
    path("planes/", views.plan_archive, name="plan_archive"),
    path("planes/<slug:plan>/", include(plan_patterns)),
    path("compromisos/", views.commitment_list, name="commitment_list"),
    path("avance/", dashboard.plan_dashboard, name="dashboard"),
    path("compromisos/<slug:slug>/", views.commitment_detail, name="commitment_detail"),
    path(
        "compromisos/<slug:slug>/historial/feed/",
        history_feeds.CommitmentHistoryFeed(),
        name="commitment_history_feed",
    ),
    path("compromisos/<slug:slug>/qr/", qr.commitment_qr_sheet, name="commitment_qr_sheet"),
    re_path(
        r"^compromisos/(?P<slug>[-a-zA-Z0-9_]+)/qr\.(?P<fmt>svg|png)$",
        qr.commitment_qr,
        name="commitment_qr",
    ),
    path("compromisos/<slug:slug>/ficha/", printing.commitment_sheet, name="commitment_sheet"),
    re_path(
        r"^compromisos/(?P<slug>[-a-zA-Z0-9_]+)/ficha\.pdf$",
        printing.commitment_sheet_pdf,
        name="commitment_sheet_pdf",
    ),
    path("qr/pagina/<int:page_id>/", qr.page_qr_sheet, name="page_qr_sheet"),
    re_path(r"^qr/pagina/(?P<page_id>[0-9]+)\.(?P<fmt>svg|png)$", qr.page_qr, name="page_qr"),
    path("datos/", opendata_views.index, name="opendata_index"),
    re_path(
        r"^datos/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json|xlsx)$",
        opendata_views.download,
        name="opendata_download",
    ),
    path("novedades/feed/", feeds.NewsFeed(), name="news_feed"),
    path("informes/feed/", feeds.MonitorReportFeed(), name="report_feed"),
    path("informes/", views.report_list, name="report_list"),
    path("informes/<slug:slug>/", views.report_detail, name="report_detail"),
    path("comite/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("consultas/<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("instituciones/", views.institution_list, name="institution_list"),
    path("iniciativas/", views.initiative_list, name="initiative_list"),
    path("etiquetas/", tags.tag_index, name="tag_index"),
    re_path(rf"^etiquetas/(?P<tag>{tags.TAG_SLUG})/$", tags.tag_detail, name="tag_detail"),
]
