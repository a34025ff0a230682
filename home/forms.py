"""Admin forms of the micrositio's moderation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class SendBackForm(TaskStateCommentForm):
    """The reviewer's "request changes": the comment is mandatory (Plone's "send back")."""

    comment = forms.CharField(
        label=_("Comentario para quien editó"),
        required=True,
        strip=True,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_(
            "Diga qué debe corregirse. Quien editó lo recibe por correo y lo ve en el admin."
        ),
        error_messages={
            "required": _("Escriba qué debe corregirse: para devolver se requiere un comentario."),
        },
    )
