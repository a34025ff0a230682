"""No translation published without review from wagtail-localize's "Sync translated pages"
view.

That view (``wagtail_localize:update_translations``, "Update existing translations") offers
"Publish immediately", which publishes every translation of the source
(``Translation.save_target(publish=True)``) and checks only
``wagtail_localize.submit_translation``: the editors have it (they start translations), so
they could publish an English page or snippet that no reviewer approved.

:class:`GuardedUpdateTranslationsView` is the same view, served at the same address
(``home.wagtail_hooks`` registers it before wagtail-localize's), except that whoever may not
publish *every* translation it would publish is neither offered the option nor allowed to use
it: a request with it is refused with a message and changes nothing. Syncing without
publishing (the drafts then go through the review workflow) stays open to editors.
"""

from functools import cached_property

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_publish(user, translation):
    """Whether ``user`` may publish what ``translation.save_target(publish=True)`` publishes:
    its target page (Wagtail's page permissions, ``can_publish``) or snippet (the model's
    publish permission; a snippet without drafts is published by any save, so its change
    permission). A target not created yet is judged by its source."""
    try:
        obj = translation.get_target_instance()
    except ObjectDoesNotExist:
        obj = translation.source.get_source_instance()
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    model = type(obj)
    action = "publish" if issubclass(model, DraftStateMixin) else "change"
    return user.has_perm(get_permission_name(action, model))


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    @cached_property
    def may_publish_all(self):
        translations = self.object.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        )
        return all(may_publish(self.request.user, translation) for translation in translations)

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_all:
            # Not offered: wagtail-localize's template only draws the visible fields' checkbox.
            field = form.fields["publish_translations"]
            field.disabled = True
            field.widget = forms.HiddenInput()
        return form

    def post(self, request, *args, **kwargs):
        wants_publish = forms.BooleanField(required=False).to_python(
            request.POST.get("publish_translations")
        )
        if wants_publish and not self.may_publish_all:
            messages.error(
                request,
                _(
                    "Solo quien puede publicar todas las traducciones puede publicarlas de "
                    "inmediato. Sincronícelas sin publicarlas y envíe cada traducción a "
                    "revisión."
                ),
            )
            return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)
