"""The open-data code (export and CSV import) stays in short functions, and the import reads
its column-to-field mapping from the dataset columns the export writes."""

import ast
from pathlib import Path

import cms_blocks.opendata
from cms_blocks.opendata import datasets, importers
from cms_blocks.opendata.importers import planning

MAX_LINES = 60
ROOT = Path(cms_blocks.opendata.__file__).resolve().parent


def function_lengths(source, filename="<source>"):
    """(name, first line, lines) of every function and method, decorators included."""
    tree = ast.parse(source, filename=filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            yield node.name, first, node.end_lineno - first + 1


def test_the_measure_counts_a_function_from_its_decorator_to_its_last_line():
    source = "@staticmethod\ndef f():\n    a = 1\n\n    return a\n\n\ndef g():\n    pass\n"
    assert list(function_lengths(source)) == [("f", 1, 5), ("g", 8, 2)]


def test_no_function_in_opendata_is_over_60_lines():
    paths = sorted(ROOT.rglob("*.py"))
    assert ROOT / "importers" / "planning.py" in paths
    too_long = [
        f"{path.relative_to(ROOT.parent)}:{line} {name}() has {length} lines"
        for path in paths
        for name, line, length in function_lengths(path.read_text(encoding="utf-8"), str(path))
        if length > MAX_LINES
    ]
    assert not too_long, "\n".join(too_long)


def test_the_import_mapping_is_the_dataset_columns():
    for columns, mapping in (
        (datasets.COMMITMENT_COLUMNS, datasets.COMMITMENT_FIELDS),
        (datasets.MILESTONE_COLUMNS, datasets.MILESTONE_FIELDS),
    ):
        importable = [c.name for c in columns if c.importable]
        assert list(mapping) == importable
        assert all(mapping.values()), mapping  # every importable column names its field
    # The importer uses the same objects, not a copy of its own.
    assert importers.COMMITMENT_FIELDS is datasets.COMMITMENT_FIELDS
    assert planning.COMMITMENT_FIELDS is datasets.COMMITMENT_FIELDS
    assert planning.MILESTONE_FIELDS is datasets.MILESTONE_FIELDS


def test_an_attr_column_holds_the_field_it_reads():
    column = next(c for c in datasets.COMMITMENT_COLUMNS if c.name == "titulo")
    assert column.model_field == "title"
    column = next(c for c in datasets.MILESTONE_COLUMNS if c.name == "evidencia_documento")
    assert column.model_field == "evidence_document"  # stated, not the getter's _id
