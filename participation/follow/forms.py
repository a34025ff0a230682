"""The follow form: an address, how often, and the consent (Ley 1581 de 2012)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import HONEYPOT_FIELD, ParticipationForm
from ..models import FollowFrequency


class FollowForm(ParticipationForm):
    consent_label = _(
        "Autorizo el tratamiento de mi correo para recibir avisos de este compromiso "
        "(Ley 1581 de 2012)."
    )

    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_(
            "Le enviaremos un mensaje para confirmar. Solo guardamos su correo mientras siga "
            "el compromiso."
        ),
        error_messages={
            "required": _("Escriba su correo electrónico."),
            "invalid": _("Escriba un correo electrónico válido, por ejemplo nombre@dominio.co."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("¿Con qué frecuencia quiere recibir los avisos?"),
        choices=FollowFrequency.choices,
        initial=FollowFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elija con qué frecuencia quiere recibir los avisos."),
            "invalid_choice": _("Elija una de las frecuencias ofrecidas."),
        },
    )

    field_order = ["email", "frequency", "consent", HONEYPOT_FIELD]

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


def normalize_email(email):
    """One address, one row: the whole address in lower case (no provider keeps two mailboxes
    that differ only in case)."""
    return (email or "").strip().lower()


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Frecuencia de los avisos"),
        choices=FollowFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elija con qué frecuencia quiere recibir los avisos."),
            "invalid_choice": _("Elija una de las frecuencias ofrecidas."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
