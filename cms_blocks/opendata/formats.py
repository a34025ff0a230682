"""Writers of the dataset files: CSV (UTF-8 without BOM, comma, header), JSON and XLSX.

Values keep their type in JSON and XLSX; CSV writes them as text, the same way the import
reads them back (see ``importers``): empty for none, ``true``/``false``, ISO 8601 dates,
lists joined with «; ».
"""

import csv
import datetime as dt
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .datasets import LIST_SEPARATOR

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _local_iso(value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


def text_value(value):
    """How a value is written in CSV (and compared by the import)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return _local_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def json_value(value):
    if isinstance(value, dt.datetime):
        return _local_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


# A spreadsheet takes a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def csv_cell(value):
    """``text_value``, with a text that a spreadsheet would run as a formula neutralised.

    As OWASP advises, such a text gets a leading apostrophe, which spreadsheets show as
    text and hide; the value stays readable, and the import removes the apostrophe again
    (``restore_formula_text``). Numbers and dates are never touched.
    """
    text = text_value(value)
    if isinstance(value, (str, list, tuple)) and text.startswith(FORMULA_TRIGGERS):
        return FORMULA_ESCAPE + text
    return text


def restore_formula_text(text):
    """The inverse of ``csv_cell``'s escaping, for the import."""
    if text.startswith(FORMULA_ESCAPE) and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def write_csv(dataset, records):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.column_names())
    for record in records:
        writer.writerow([csv_cell(v) for v in record])
    return out.getvalue().encode("utf-8")


def write_json(dataset, records):
    names = dataset.column_names()
    data = {
        "conjunto": dataset.slug,
        "titulo": str(dataset.title),
        "descripcion": str(dataset.description),
        "campos": [
            {"nombre": c.name, "tipo": str(c.type_label), "descripcion": str(c.description)}
            for c in dataset.columns
        ],
        "registros": [
            {name: json_value(v) for name, v in zip(names, record, strict=True)}
            for record in records
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")


def _xlsx_cell(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = _local_iso(value)
        cell.data_type = "s"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, int):
        cell.value = value
    else:
        text = text_value(value)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
        # Always text: a value starting with «=» must never become a formula.
        cell.data_type = "s"
    return cell


def write_xlsx(dataset, records):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "datos"
    bold = Font(bold=True)
    for col, name in enumerate(dataset.column_names(), start=1):
        _xlsx_cell(sheet, 1, col, name).font = bold
    for row, record in enumerate(records, start=2):
        for col, value in enumerate(record, start=1):
            _xlsx_cell(sheet, row, col, value)
    sheet.freeze_panes = "A2"

    dictionary = workbook.create_sheet("diccionario")
    for col, header in enumerate(["campo", "tipo", "formato", "descripcion"], start=1):
        _xlsx_cell(dictionary, 1, col, header).font = bold
    for row, column in enumerate(dataset.columns, start=2):
        description = str(column.description)
        if column.choices:
            description += " " + "; ".join(f"{code} ({label})" for code, label in column.choices)
        for col, value in enumerate(
            [column.name, str(column.type_label), str(column.type_help), description], start=1
        ):
            _xlsx_cell(dictionary, row, col, value)

    workbook.properties.title = str(dataset.title)
    workbook.properties.creator = "cms_blocks"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}
