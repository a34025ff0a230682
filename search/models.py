"""The public search index: one row per live, public page or published snippet."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from .conf import uses_external_engine


class SearchDocumentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


def source_language():
    """The language of the site's source content, as Wagtail's locales write it (``es-co``):
    the language of every document before the site had a second one."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE).lower()


class SearchDocument(index.Indexed, models.Model):
    """What the public search finds, already normalised (see ``search.text``).

    Rows are written only by ``search.indexing`` from the *published* state of an object
    (re-read from the database), so a draft or a private page never gets here. Each page or
    snippet in each language is its own row (a translation is its own object), in its
    ``language``; ``*_terms`` hold one index term per word of the matching text, by that
    language's analysis (``search.text``); SQLite searches them through an FTS5 table and
    PostgreSQL through a weighted ``tsvector`` column, both kept in sync by the database
    itself (see the migrations), and neither knows the language.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("tipo"), max_length=30, db_index=True)
    axis = models.ForeignKey(
        "cms_blocks.Axis",
        verbose_name=_("eje"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plan the object belongs to (None: shared by every plan, or a page outside any).
    # CASCADE: a plan can only be deleted once nothing refers to it (its objects and pages
    # PROTECT it), and no document may outlive its plan as if it belonged to none.
    plan = models.ForeignKey(
        "cms_blocks.ActionPlan",
        verbose_name=_("plan de acción"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The content's language (a Wagtail locale's code, lower case: "es-co", "en").
    language = models.CharField(_("idioma"), max_length=20, default=source_language)
    # The object's translation_key (pages, translatable snippets): a source-language document
    # stands in for its missing translations (``search.indexing.sync_fallbacks``).
    translation_key = models.UUIDField(null=True, blank=True, db_index=True)
    title = models.CharField(_("título"), max_length=500)
    url = models.CharField(_("enlace"), max_length=500)
    lead_text = models.TextField(_("texto destacado"), blank=True)
    body_text = models.TextField(_("texto"), blank=True)
    title_terms = models.TextField(blank=True)
    lead_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # "k<kind> a<axis id> p<plan id> [t<tag id>...] l<language> [f<language>...]": lets SQLite's
    # FTS5 filter and count without reading the rows (``search.indexing.filter_terms``).
    filter_terms = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    # Indexed by Wagtail's backend only when an external engine (OpenSearch/Elasticsearch)
    # is configured: then that engine, with its Spanish analyser, searches these rows.
    search_fields = (
        [
            index.SearchField("title", boost=5),
            index.SearchField("lead_text", boost=2),
            index.SearchField("body_text"),
            index.FilterField("kind"),
            index.FilterField("axis_id"),
            index.FilterField("plan_id"),
            index.FilterField("language"),
        ]
        if uses_external_engine()
        else []
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_unique_object"
            )
        ]
        verbose_name = _("documento del buscador")
        verbose_name_plural = _("documentos del buscador")

    def __str__(self):
        return self.title
