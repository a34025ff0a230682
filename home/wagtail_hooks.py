"""Moderation rules the server enforces, and what the admin shows about sent-back drafts.

- Published (live) content is deleted only by administrators: a live page needs the
  "bulk delete" page permission (only Administradores have it), a live snippet needs its
  publish permission on top of delete. Wagtail already refuses deletion to whoever cannot
  publish a live page; these hooks also close it for reviewers and for bulk actions.
- The author of a draft that was sent back sees the reviewer's comment on the dashboard and
  at the top of the editor (and receives it by e-mail: ``home.moderation_emails``).
- A snippet's edit view offers «Traducir» (wagtail-localize puts it in the listing only).
- wagtail-localize's "Sync translated pages" view publishes translations only for whoever may
  publish them all (``home.translation_guard``), so an English version too is public only
  once a reviewer approves it.
"""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Locale, Page, TaskState, TranslatableMixin, WorkflowState
from wagtail.permissions import page_permission_policy
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

# -- deleting live content --------------------------------------------------------------


def may_delete_live_page(user, page):
    return user.is_superuser or page_permission_policy.user_has_permission_for_instance(
        user, "bulk_delete", page
    )


def may_delete_live_snippet(user, obj):
    return user.has_perm(f"{obj._meta.app_label}.{get_permission_codename('publish', obj._meta)}")


def page_blocks_deletion(user, page):
    if may_delete_live_page(user, page):
        return False
    return page.get_descendants(inclusive=True).live().exists()


def snippet_blocks_deletion(user, obj):
    return bool(getattr(obj, "live", False)) and not may_delete_live_snippet(user, obj)


def refuse(request, fallback_url):
    messages.error(
        request,
        _(
            "Solo los administradores pueden eliminar contenido publicado. "
            "Si debe dejar de verse, despublíquelo."
        ),
    )
    return redirect(fallback_url)


@hooks.register("before_delete_page")
def refuse_deleting_live_page(request, page):
    if page_blocks_deletion(request.user, page):
        return refuse(
            request, AdminURLFinder(request.user).get_edit_url(page) or "wagtailadmin_home"
        )


@hooks.register("before_delete_snippet")
def refuse_deleting_live_snippet(request, instances):
    for obj in instances:
        if snippet_blocks_deletion(request.user, obj):
            return refuse(
                request, AdminURLFinder(request.user).get_edit_url(obj) or "wagtailadmin_home"
            )


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_live_content(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    for obj in objects:
        blocked = (
            page_blocks_deletion(request.user, obj)
            if isinstance(obj, Page)
            else snippet_blocks_deletion(request.user, obj)
        )
        if blocked:
            return refuse(request, "wagtailadmin_home")
    return None


# -- the sent-back comment in the admin ---------------------------------------------------


def sent_back_states(user):
    """The user's workflows waiting for changes, newest first, with the reviewer's comment."""
    states = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
        .select_related("current_task_state", "current_task_state__finished_by")
        .prefetch_related("content_object")
        .order_by("-current_task_state__finished_at")
    )
    return [state for state in states if state.content_object is not None]


class SentBackPanel(Component):
    """Dashboard panel: the current user's drafts that a reviewer sent back, with the comment."""

    name = "sent_back_to_me"
    template_name = "home/admin/sent_back_panel.html"
    order = 205  # just before Wagtail's "your pages and snippets in a workflow" (210)

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        finder = AdminURLFinder(request.user)
        items = []
        for state in sent_back_states(request.user):
            obj = state.content_object
            if isinstance(obj, Page):
                obj = obj.specific_deferred
            task_state = state.current_task_state
            items.append(
                {
                    "title": obj.get_admin_display_title()
                    if isinstance(obj, Page)
                    else str(obj.get_latest_revision_as_object()),
                    "model_name": obj._meta.verbose_name,
                    "edit_url": finder.get_edit_url(obj),
                    "comment": task_state.get_comment() if task_state else "",
                    "reviewer": task_state.finished_by if task_state else None,
                    "when": task_state.finished_at if task_state else None,
                }
            )
        return {"items": items}


@hooks.register("construct_homepage_panels")
def add_sent_back_panel(request, panels):
    panels.append(SentBackPanel())


def warn_if_sent_back(request, obj):
    if request.method != "GET" or obj is None:
        return
    state = obj.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return
    reviewer = task_state.finished_by
    messages.warning(
        request,
        _(
            "Cambios solicitados por %(reviewer)s: «%(comment)s» "
            "Corrija y vuelva a enviar a revisión."
        )
        % {
            "reviewer": get_user_display_name(reviewer) if reviewer else _("El revisor"),
            "comment": task_state.get_comment(),
        },
    )


@hooks.register("before_edit_page")
def warn_sent_back_page(request, page):
    warn_if_sent_back(request, page)


@hooks.register("before_edit_snippet")
def warn_sent_back_snippet(request, instance):
    if hasattr(instance, "current_workflow_state"):
        warn_if_sent_back(request, instance)


# -- translations published only by publishers --------------------------------------------


@hooks.register("register_admin_urls", order=-1)
def guard_translation_updates():
    """wagtail-localize's "Sync translated pages" view, at its own address, ahead of its own
    registration (order -1: Wagtail adds the hooks' admin URLs in that order, the first match
    serves), refusing "Publish immediately" to whoever may not publish the translations."""
    from .translation_guard import GuardedUpdateTranslationsView

    return [
        path(
            "localize/update/<int:translation_source_id>/",
            GuardedUpdateTranslationsView.as_view(),
            name="home_update_translations",
        )
    ]


# -- «Traducir» in a snippet's edit view ------------------------------------------------------


class TranslateSnippetMenuItem(SnippetActionMenuItem):
    """A link to wagtail-localize's "translate" form for the snippet being edited, for whoever
    may start translations, while some language has no translation of it yet (as the
    listing's «Traducir» button)."""

    label = gettext_lazy("Traducir")
    name = "home-translate-snippet"
    icon_name = "wagtail-localize-language"

    def is_shown(self, context):
        instance = context.get("instance")
        if context.get("view") != "edit" or not isinstance(instance, TranslatableMixin):
            return False
        if not context["request"].user.has_perm("wagtail_localize.submit_translation"):
            return False
        translated = instance.get_translations(inclusive=True).values_list("locale_id")
        return Locale.objects.exclude(id__in=translated).exists()

    def get_url(self, context):
        instance = context["instance"]
        meta = instance._meta
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, quote(instance.pk)],
        )


@hooks.register("register_snippet_action_menu_item")
def register_translate_snippet_menu_item(model):
    return TranslateSnippetMenuItem(order=200)
