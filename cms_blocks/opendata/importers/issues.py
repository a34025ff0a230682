"""What an import reports: problems by file, line and column, in Spanish."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

COMMITMENTS_FILE = "compromisos"
MILESTONES_FILE = "hitos"


@dataclass
class Issue:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [_("archivo «%(file)s.csv»") % {"file": self.file}]
        if self.line is not None:
            where.append(_("línea %(line)s") % {"line": self.line})
        if self.column:
            where.append(_("columna «%(column)s»") % {"column": self.column})
        return f"{', '.join(where).capitalize()}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, issues):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


def validation_issues(error, file_label, row, fields_to_columns):
    """Model validation errors as issues, except for cells already reported as unreadable."""
    issues = []
    columns_by_field = {f: c for c, f in fields_to_columns.items()}
    for field_name, messages in error.message_dict.items():
        column = (
            None if field_name == NON_FIELD_ERRORS else columns_by_field.get(field_name, field_name)
        )
        if column in row.bad_columns:
            continue
        for message in messages:
            issues.append(Issue(file_label, row.line, column, message))
    return issues


def sort_issues(issues):
    """The commitments file first, then by line."""
    issues.sort(key=lambda i: (i.file != COMMITMENTS_FILE, i.line or 0))
