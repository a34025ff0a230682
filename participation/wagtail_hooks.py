from wagtail import hooks

from .viewsets import ReportViewSet


@hooks.register("register_admin_viewset")
def register_report_viewset():
    return ReportViewSet("participation_reports")
