"""Public forms: ask for a voting link, the ballot, file a report, check a report."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms_blocks.models import Commitment

from .attachments import (
    AttachmentError,
    check_attachment,
    human_size,
    max_file_bytes,
    max_files,
    max_total_bytes,
)
from .models import CODE_ALPHABET, CODE_LENGTH
from .voting import normalize_document

HONEYPOT_FIELD = "sitio_web"


def consent_help(policy_url):
    if policy_url:
        return format_html(
            '{} <a href="{}">{}</a>.',
            _("Lea la"),
            policy_url,
            _("política de tratamiento de datos personales"),
        )
    return _("La entidad trata sus datos según la Ley 1581 de 2012.")


class ParticipationForm(forms.Form):
    """Adds the honeypot and the consent (Ley 1581 de 2012) to a public form."""

    consent_label = _("Autorizo el tratamiento de mis datos personales (Ley 1581 de 2012).")

    def __init__(self, *args, policy_url="", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["consent"] = forms.BooleanField(
            label=self.consent_label,
            help_text=consent_help(policy_url),
            error_messages={
                "required": _(
                    "Debe autorizar el tratamiento de datos para continuar (Ley 1581 de 2012)."
                )
            },
        )
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("No escriba nada en este campo"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise ValidationError(
                _(
                    "No pudimos procesar el formulario: se llenó un campo que debe quedar vacío. "
                    "Si usted es una persona, bórrelo y envíe de nuevo."
                ),
                code="honeypot",
            )
        return cleaned

    def visible_fields_except_honeypot(self):
        return [f for f in self.visible_fields() if f.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]


# -- voting ---------------------------------------------------------------------------------------


class VoteRequestForm(ParticipationForm):
    """Step 1: the e-mail that will receive the one-time link (and an optional document)."""

    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Le enviaremos un enlace de un solo uso para votar."),
        error_messages={
            "required": _("Escriba su correo electrónico."),
            "invalid": _("Escriba un correo electrónico válido, por ejemplo nombre@dominio.co."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    document = forms.CharField(
        label=_("Número de documento de identidad (opcional)"),
        required=False,
        max_length=30,
        help_text=_(
            "Solo se guarda una huella cifrada de él, para evitar votos repetidos; nunca el número."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    field_order = ["email", "document", "consent", HONEYPOT_FIELD]

    def clean_document(self):
        raw = self.cleaned_data.get("document", "")
        if not raw.strip():
            return ""
        normalized = normalize_document(raw)
        if not 5 <= len(normalized) <= 15:
            raise ValidationError(
                _("El número de documento debe tener entre 5 y 15 letras o dígitos."),
                code="document",
            )
        return normalized


class BallotForm(forms.Form):
    """Step 2: the choice. Radio buttons for one option, checkboxes for several."""

    def __init__(self, *args, consultation, options, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.options = options
        choices = [(str(option.pk), option.title) for option in options]
        if consultation.max_choices == 1:
            self.fields["opciones"] = forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Elija una opción."),
                    "invalid_choice": _("La opción elegida no es de esta consulta."),
                },
            )
        else:
            self.fields["opciones"] = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Elija al menos una opción."),
                    "invalid_choice": _("Una de las opciones elegidas no es de esta consulta."),
                },
            )

    @property
    def multiple(self):
        return self.consultation.max_choices > 1

    def clean_opciones(self):
        value = self.cleaned_data["opciones"]
        chosen = value if isinstance(value, list) else [value]
        if len(chosen) > self.consultation.max_choices:
            raise ValidationError(
                _("Puede elegir como máximo %(n)s opciones; eligió %(chosen)s."),
                params={"n": self.consultation.max_choices, "chosen": len(chosen)},
                code="too_many",
            )
        return [int(option_id) for option_id in chosen]

    def selected(self):
        """The ids the citizen ticked (as strings), to keep them after a refusal."""
        if not self.is_bound:
            return set()
        return set(self.data.getlist("opciones"))


# -- reports -------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{7,20}$")


class ReportForm(ParticipationForm):
    ANONYMOUS = "anonima"
    NAMED = "con_datos"

    consent_label = _("Autorizo el tratamiento de los datos de esta denuncia (Ley 1581 de 2012).")

    subject_commitment = forms.ModelChoiceField(
        label=_("Compromiso relacionado (opcional)"),
        queryset=Commitment.objects.none(),
        required=False,
        empty_label=_("— Ninguno —"),
        error_messages={"invalid_choice": _("Elija un compromiso de la lista.")},
    )
    subject_work = forms.CharField(
        label=_("Obra pública u otro asunto (opcional)"),
        required=False,
        max_length=300,
        help_text=_("Por ejemplo, el nombre de la obra, el contrato o el lugar."),
    )
    description = forms.CharField(
        label=_("Describa los hechos"),
        min_length=20,
        max_length=5000,
        help_text=_(
            "Qué ocurrió, dónde y cuándo, y quiénes intervinieron. Entre 20 y 5000 caracteres."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Describa los hechos que quiere denunciar."),
            "min_length": _(
                "La descripción es muy corta: cuente con más detalle qué ocurrió (mínimo "
                "%(limit_value)d caracteres; lleva %(show_value)d)."
            ),
            "max_length": _(
                "La descripción es muy larga: máximo %(limit_value)d caracteres (lleva "
                "%(show_value)d)."
            ),
        },
    )
    mode = forms.ChoiceField(
        label=_("¿Cómo quiere presentar la denuncia?"),
        choices=[
            (ANONYMOUS, _("Anónima: no dejo datos de contacto")),
            (NAMED, _("Con mis datos: quiero que me contacten")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija si la denuncia es anónima o con sus datos.")},
    )
    name = forms.CharField(
        label=_("Nombre"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Escriba un correo electrónico válido, por ejemplo nombre@dominio.co.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Teléfono"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    attachments = MultipleFileField(
        label=_("Adjuntos (opcional)"),
        required=False,
        error_messages={
            "empty": _("Uno de los archivos adjuntos está vacío."),
            "invalid": _("No se recibió un archivo válido; adjúntelo de nuevo."),
            "missing": _("No se recibió el archivo; adjúntelo de nuevo."),
        },
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}),
    )

    field_order = [
        "subject_commitment",
        "subject_work",
        "description",
        "mode",
        "name",
        "email",
        "phone",
        "consent",
        HONEYPOT_FIELD,
        "attachments",
    ]

    def __init__(self, *args, upload_limits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_limits = upload_limits
        self.fields["subject_commitment"].queryset = (
            Commitment.objects.live().filter(plan__live=True).order_by("title")
        )
        self.fields["attachments"].help_text = _(
            "Hasta %(n)s archivos: imágenes JPG, PNG o WebP, o documentos PDF; máximo %(size)s "
            "cada uno y %(total)s en total. Las fotos se guardan sin sus metadatos (como la "
            "ubicación GPS); los PDF pueden llevar el nombre de su autor en sus propiedades."
        ) % {
            "n": max_files(),
            "size": human_size(max_file_bytes()),
            "total": human_size(max_total_bytes()),
        }
        self.fields = {name: self.fields[name] for name in self.field_order}

    @property
    def named_fields(self):
        return [self["name"], self["email"], self["phone"]]

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(
                _("Escriba un teléfono con 7 a 15 dígitos, por ejemplo 300 123 4567."),
                code="phone",
            )
        return phone

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        limits = self.upload_limits
        errors = []
        if limits is not None and limits.total_exceeded:
            errors.append(
                _(
                    "Los adjuntos superan %(total)s en total; no se recibieron. Adjunte menos "
                    "archivos o más livianos."
                )
                % {"total": human_size(max_total_bytes())}
            )
        if limits is not None:
            for name in limits.skipped:
                errors.append(
                    _("«%(name)s» supera el máximo de %(max)s por archivo.")
                    % {"name": name, "max": human_size(max_file_bytes())}
                )
        if len(files) > max_files():
            errors.append(
                _("Puede adjuntar como máximo %(n)s archivos; adjuntó %(got)s.")
                % {"n": max_files(), "got": len(files)}
            )
        checked = []
        if not errors:
            for upload in files:
                try:
                    checked.append(check_attachment(upload))
                except AttachmentError as error:
                    errors.append(str(error))
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == self.NAMED:
            if not cleaned.get("name", "").strip():
                self.add_error(
                    "name", _("Escriba su nombre, o elija presentar la denuncia anónima.")
                )
            if (
                not cleaned.get("email")
                and not cleaned.get("phone")
                and not (self.errors.get("email") or self.errors.get("phone"))
            ):
                self.add_error(
                    "email",
                    _("Deje un correo o un teléfono para que la entidad le pueda contactar."),
                )
        if self.errors.get("attachments") is None and self.errors and self.files:
            # The browser cannot keep chosen files after the page reloads.
            self.add_error(
                None,
                _(
                    "Por seguridad, el navegador no conserva los archivos elegidos: adjúntelos de "
                    "nuevo antes de enviar."
                ),
            )
        return cleaned

    @property
    def is_anonymous(self):
        return self.cleaned_data.get("mode") != self.NAMED


class StatusLookupForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    code = forms.CharField(
        label=_("Código de radicado"),
        max_length=40,
        help_text=_("Por ejemplo, DEN-2026-7K3Q9XWP. Lo recibió al presentar la denuncia."),
        error_messages={"required": _("Escriba el código de radicado.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    CODE_RE = re.compile(rf"^DEN(\d{{4}})([{CODE_ALPHABET}]{{{CODE_LENGTH}}})$")

    def clean_code(self):
        raw = self.cleaned_data["code"]
        compact = re.sub(r"[\s\-_.]", "", raw).upper()
        # Crockford's base32: O reads as 0, I and L as 1.
        prefix, rest = compact[:3], compact[3:].translate(str.maketrans("OIL", "011"))
        match = self.CODE_RE.match(prefix + rest)
        if not match:
            raise ValidationError(
                _(
                    "El código no tiene el formato de un radicado (DEN-año-8 caracteres, por "
                    "ejemplo DEN-2026-7K3Q9XWP). Revise que esté completo."
                ),
                code="format",
            )
        return f"DEN-{match.group(1)}-{match.group(2)}"
