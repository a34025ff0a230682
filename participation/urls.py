from django.urls import path

from . import views
from .follow import views as follow_views

app_name = "participation"

urlpatterns = [
    path("consultas/<slug:slug>/votar/", views.vote_request, name="vote_request"),
    path(
        "consultas/<slug:slug>/votar/enlace-enviado/",
        views.vote_link_sent,
        name="vote_link_sent",
    ),
    path("consultas/<slug:slug>/votar/<str:token>/", views.ballot, name="ballot"),
    path("consultas/<slug:slug>/voto-registrado/", views.vote_done, name="vote_done"),
    path("consultas/<slug:slug>/resultados.csv", views.results_csv, name="results_csv"),
    path("consultas/<slug:slug>/resultados.json", views.results_json, name="results_json"),
    path("denuncias/nueva/", views.report_create, name="report_create"),
    path("denuncias/recibida/", views.report_received, name="report_received"),
    path("denuncias/consulta/", views.report_status, name="report_status"),
    # «Seguir este compromiso» (participation.follow)
    path("compromisos/<slug:slug>/seguir/", follow_views.follow, name="follow"),
    path(
        "compromisos/<slug:slug>/seguir/revise-su-correo/",
        follow_views.follow_sent,
        name="follow_sent",
    ),
    path("seguimiento/confirmar/<str:token>/", follow_views.confirm, name="follow_confirm"),
    path("seguimiento/baja/<str:token>/", follow_views.unsubscribe, name="follow_unsubscribe"),
    path("seguimiento/gestionar/<str:token>/", follow_views.manage, name="follow_manage"),
]
