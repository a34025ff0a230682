"""The `cms-blocks` wheel ships the extension complete, and nothing of the site.

The wheel is built from a copy of packages/cms-blocks (its symbolic link resolved) in a
temporary folder, offline (``--no-build-isolation`` with the setuptools of the venv), so the
tree is left untouched and no index is asked.
"""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cms_blocks"
DATA_DIRS = ("templates", "static", "locale")
SITE_PACKAGES = ("ogp_site", "home", "search", "participation", "benchmarks", "tests")


def _source_files(*parts):
    base = PACKAGE.joinpath(*parts)
    if not base.exists():
        return set()
    return {
        path.relative_to(ROOT).as_posix()
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    project = tmp / "cms-blocks"
    shutil.copytree(
        ROOT / "packages" / "cms-blocks",
        project,
        symlinks=False,  # the copy holds the package itself, not a link back to the tree
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info"),
    )
    out = tmp / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(project),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = out.glob("cms_blocks-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_carries_every_template_static_file_and_catalogue(wheel_names):
    expected = set().union(*(_source_files(d) for d in DATA_DIRS))
    assert any(name.endswith(".html") for name in expected)
    assert "cms_blocks/templates/cms_blocks/base.html" in expected
    assert "cms_blocks/static/cms_blocks/css/blocks.css" in expected
    missing = sorted(expected - wheel_names)
    assert not missing, f"missing from the wheel: {missing}"


def test_wheel_carries_the_migrations_and_the_modules(wheel_names):
    migrations = {name for name in _source_files("migrations") if name.endswith(".py")}
    assert "cms_blocks/migrations/0001_initial.py" in migrations
    assert migrations <= wheel_names
    modules = {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sorted(modules - wheel_names) == []


def test_wheel_holds_nothing_of_the_site(wheel_names):
    top_levels = {name.split("/", 1)[0] for name in wheel_names}
    dist_info = {t for t in top_levels if t.startswith("cms_blocks-") and t.endswith(".dist-info")}
    assert len(dist_info) == 1
    assert top_levels - dist_info == {"cms_blocks"}, top_levels
    assert not [n for n in wheel_names if n.split("/", 1)[0] in SITE_PACKAGES]
    assert not [n for n in wheel_names if "__pycache__" in n or n.endswith(".pyc")]
