"""One CSV cell read back into a Python value, as the export wrote it (``formats.text_value``).

A cell that a spreadsheet would take for a formula was written with a leading apostrophe;
``restore_formula_text`` takes it off. Rich text is checked (to word the problem for the
author) and always stored through the real sanitiser (``sanitize_html``, nh3).
"""

import datetime as dt
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from ...sanitize import sanitize_html
from ..formats import restore_formula_text


class _HTMLChecker(HTMLParser):
    ALLOWED = {
        "p": set(),
        "br": set(),
        "b": set(),
        "strong": set(),
        "i": set(),
        "em": set(),
        "ul": set(),
        "ol": set(),
        "li": set(),
        "h2": set(),
        "h3": set(),
        "h4": set(),
        "h5": set(),
        "h6": set(),
        "a": {"href", "linktype", "id"},
    }
    COMMON = {"data-block-key"}
    SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(_("la etiqueta <%(tag)s> no está permitida") % {"tag": tag})
            return
        for name, value in attrs:
            if name not in self.ALLOWED[tag] | self.COMMON:
                self.problems.append(
                    _("el atributo «%(attr)s» de <%(tag)s> no está permitido")
                    % {"attr": name, "tag": tag}
                )
            elif (
                name == "href" and value and not value.strip().lower().startswith(self.SAFE_SCHEMES)
            ):
                self.problems.append(
                    _("el enlace «%(href)s» no es http, https, mailto ni tel") % {"href": value}
                )

    handle_startendtag = handle_starttag

    # Markup that is not an element is refused outright: browsers and this parser disagree on
    # where it ends (``<!-->`` is an empty comment to a browser, the start of one here), which
    # is how a tag hides from the checker.
    def handle_comment(self, data):
        self.problems.append(_("los comentarios HTML (<!-- -->) no están permitidos"))

    def handle_decl(self, decl):
        self.problems.append(_("las declaraciones <!…> no están permitidas"))

    unknown_decl = handle_decl

    def handle_pi(self, data):
        self.problems.append(_("las instrucciones <?…> no están permitidas"))

    def close(self):
        if "<" in self.rawdata:  # what is left unparsed at the end is an unterminated tag
            self.problems.append(_("hay una etiqueta sin cerrar («<» sin «>»)"))
        super().close()


def check_html(value):
    """Problems in Spanish that the author can fix, one per offending tag or attribute.

    This is for the message only. What is stored is always ``sanitize_html(value)``, the
    real sanitiser's output, whether or not this checker saw a problem.
    """
    checker = _HTMLChecker()
    checker.feed(value)
    checker.close()
    return checker.problems


TRUE = {"true", "verdadero", "si", "sí", "1"}
FALSE = {"false", "falso", "no", "0"}

# Each parser: (column, text) -> (value, error message or None).


def _text(column, text):
    return text, None


def _html(column, text):
    problems = check_html(text)
    if problems:
        return None, _("HTML no permitido: %(problems)s.") % {"problems": "; ".join(problems)}
    return sanitize_html(text), None


def _integer(column, text):
    if not text:
        return None, None
    try:
        return int(text), None
    except ValueError:
        return None, _("«%(value)s» no es un número entero.") % {"value": text}


def _date(column, text):
    if not text:
        return None, None
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, _("«%(value)s» no es una fecha válida; use AAAA-MM-DD.") % {"value": text}


def _boolean(column, text):
    lowered = text.lower()
    if lowered in TRUE:
        return True, None
    if lowered in FALSE:
        return False, None
    if not text and column.type == "booleano_opcional":
        return None, None
    return None, _("«%(value)s» no es un valor válido; use true o false.") % {"value": text}


def _code(column, text):
    codes = [code for code, _label in column.choices]
    if text in codes or (not text and column.name.startswith("monitor_")):
        return text, None
    return None, _("«%(value)s» no es un valor válido; use uno de: %(codes)s.") % {
        "value": text,
        "codes": ", ".join(codes),
    }


def _list(column, text):
    return [item.strip() for item in text.split(";") if item.strip()], None


PARSERS = {
    "texto": _text,
    "slug": _text,
    "url": _text,
    "html": _html,
    "entero": _integer,
    "fecha": _date,
    "booleano": _boolean,
    "booleano_opcional": _boolean,
    "codigo": _code,
    "lista": _list,
}


def parse_value(column, text):
    """(value, error message or None) of a CSV cell for ``column``."""
    text = restore_formula_text((text or "").strip())
    return PARSERS[column.type](column, text)
