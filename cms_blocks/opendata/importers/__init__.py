"""CSV import of commitments and milestones, in exactly the format the export writes.

- The files are the ``compromisos.csv`` and ``hitos.csv`` of /datos/ (UTF-8, comma, header),
  so an export imported back changes nothing. Export-only columns (``plan``, ``id`` of a commitment,
  ``estado``, ``avance``, ``url``, ``ultima_publicacion``, ``evidencia_documento_url``) may be
  present or absent and are ignored. Which column is which model field is declared once, on
  the dataset columns (``datasets.COMMITMENT_FIELDS``, ``datasets.MILESTONE_FIELDS``).
- An import goes into one action plan (``CommitmentImport(action_plan=…)``; by default the
  current one): the ``eje`` column names an axis of that plan, new commitments are created in
  it, and the files' ``plan`` column (written by the export) must be empty or that plan's slug.
- A commitment is identified by its ``slug``: an unknown slug creates one, a known one of the
  chosen plan updates it, a known one of another plan is an error (an import never moves a
  commitment to another plan). A milestone keeps its identity through ``id`` when it belongs
  to the same commitment.
- When a milestones file is given, it holds the *complete* list of milestones of every
  commitment it mentions and of every commitment in the commitments file.
- ``validate()`` reads everything and reports every problem by file, line and column, in
  Spanish, without writing anything (the dry run). ``apply()`` writes all or nothing, inside
  one transaction.
- Imported content enters the workflow as a draft: a new commitment is saved unpublished
  (``live=False``) with a first revision; an existing one gets a new revision, never
  published. Reviewers publish it as any other draft.

Modules, in the order an import runs through them: ``reading`` (decoding, header, rows) and
``cells`` (one cell's value, HTML check and sanitising), ``issues`` (what is reported),
``planning`` (resolving, validating and comparing), ``writing`` (the drafts) and ``job``
(``CommitmentImport``, which drives them).
"""

from ..datasets import COMMITMENT_FIELDS, MILESTONE_FIELDS
from .cells import check_html, parse_value
from .issues import COMMITMENTS_FILE, MILESTONES_FILE, ImportFailed, Issue
from .job import CommitmentImport
from .planning import PlannedCommitment
from .reading import MAX_FILE_BYTES, MAX_ROWS, Row, decode, read_csv

__all__ = [
    "COMMITMENTS_FILE",
    "COMMITMENT_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MILESTONES_FILE",
    "MILESTONE_FIELDS",
    "CommitmentImport",
    "ImportFailed",
    "Issue",
    "PlannedCommitment",
    "Row",
    "check_html",
    "decode",
    "parse_value",
    "read_csv",
]
