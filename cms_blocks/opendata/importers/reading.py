"""Reading the uploaded files: UTF-8 text, the header, and rows of parsed cells."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .cells import parse_value
from .issues import Issue

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class Row:
    line: int
    values: dict  # column -> parsed Python value (importable columns only)
    raw: dict  # column -> text as read
    bad_columns: set = field(default_factory=set)  # columns already reported
    other_plan: bool = False  # names a commitment of another plan (reported, then skipped)


def decode(content, file_label):
    """Text of an uploaded file: UTF-8 (a BOM is accepted), or an Issue."""
    if isinstance(content, str):
        return content, None
    if len(content) > MAX_FILE_BYTES:
        return None, Issue(
            file_label,
            None,
            None,
            _("El archivo pesa más de %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
        )
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        return None, Issue(
            file_label,
            line,
            None,
            _(
                "El archivo no está codificado en UTF-8. Guárdelo como «CSV UTF-8» o use el "
                "archivo descargado de /datos/."
            ),
        )


def malformed(file_label, line, error):
    return Issue(file_label, line, None, _("CSV mal formado: %(error)s") % {"error": error})


def read_header(reader, columns, file_label, issues):
    """The header's column names, or None (problems appended to ``issues``)."""
    try:
        header = next(reader)
    except StopIteration:
        issues.append(Issue(file_label, None, None, _("El archivo está vacío.")))
        return None
    except csv.Error as error:
        issues.append(malformed(file_label, 1, error))
        return None
    header = [name.strip() for name in header]
    problems = check_header(header, columns, file_label)
    issues.extend(problems)
    return None if problems else header


def check_header(header, columns, file_label):
    """Repeated, unknown and missing columns of a header, as issues."""
    known = {c.name for c in columns}
    problems = []
    seen = set()
    for position, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Issue(file_label, 1, name, _("La columna está repetida.")))
        seen.add(name)
        if name not in known:
            problems.append(
                Issue(
                    file_label,
                    1,
                    name or str(position),
                    _("Columna desconocida; las columnas válidas son las del archivo de /datos/."),
                )
            )
    for column in columns:
        if column.importable and column.name not in seen:
            problems.append(
                Issue(file_label, 1, column.name, _("Falta esta columna en el encabezado."))
            )
    return problems


def parse_row(line, header, cells, columns, file_label, issues):
    """A Row of the importable columns' parsed values; unreadable cells become issues."""
    raw = dict(zip(header, cells, strict=True))
    values = {}
    bad = set()
    for column in columns:
        if not column.importable:
            continue
        value, error = parse_value(column, raw[column.name])
        if error:
            issues.append(Issue(file_label, line, column.name, error))
            bad.add(column.name)
        values[column.name] = value
    return Row(line, values, raw, bad)


def records(reader, file_label, issues):
    """(first line, cells) of each non-blank record after the header."""
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            issues.append(malformed(file_label, reader.line_num, error))
            return
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        yield start, cells


def read_csv(text, columns, file_label, issues):
    """Rows of a CSV in the export format; problems are appended to ``issues``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = read_header(reader, columns, file_label, issues)
    if header is None:
        return []
    rows = []
    for line, cells in records(reader, file_label, issues):
        if len(rows) >= MAX_ROWS:
            message = _("El archivo tiene más de %(max)s filas.") % {"max": MAX_ROWS}
            issues.append(Issue(file_label, line, None, message))
            break
        if len(cells) != len(header):
            issues.append(
                Issue(
                    file_label,
                    line,
                    None,
                    _("La fila tiene %(found)s valores y el encabezado %(expected)s columnas.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        rows.append(parse_row(line, header, cells, columns, file_label, issues))
    return rows
