from django.urls import path

from . import views

app_name = "cms_blocks"

urlpatterns = [
    path("compromisos/", views.commitment_list, name="commitment_list"),
    path("compromisos/<slug:slug>/", views.commitment_detail, name="commitment_detail"),
    path("informes/", views.report_list, name="report_list"),
    path("informes/<slug:slug>/", views.report_detail, name="report_detail"),
    path("comite/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("consultas/<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("instituciones/", views.institution_list, name="institution_list"),
    path("iniciativas/", views.initiative_list, name="initiative_list"),
]
