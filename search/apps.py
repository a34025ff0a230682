import logging

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def after_migrate(sender, using="default", **kwargs):
    """Check the database objects (SQLite drops a table's triggers when Django rebuilds the
    table) and fill an empty index when there is content (a database that existed before
    the search app)."""
    from django.db import DatabaseError, connections

    from . import db, indexing
    from .models import SearchDocument

    connection = connections[using]
    if SearchDocument._meta.db_table not in connection.introspection.table_names():
        return
    db.ensure(connection)
    try:
        from wagtail.models import Page

        empty = not SearchDocument.objects.using(using).exists()
        if empty and Page.objects.using(using).filter(depth__gt=1, live=True).exists():
            indexing.rebuild()
    except DatabaseError:  # a partial migrate: the content tables are not there yet
        logger.warning("The search index was not built; run manage.py rebuild_search_index.")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Búsqueda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="search-after-migrate")
