"""`make adopt-check`: another city's new Wagtail site installs the built wheel of cms_blocks.

In a temporary folder:

1. builds the wheel of packages/cms-blocks (offline, as tests/packaging/test_wheel.py does);
2. makes a new virtual environment and installs the wheel there, without dependencies: the
   venv sees the packages of the site's own venv through a ``.pth`` file, which puts that
   site-packages folder on ``sys.path`` *without* running the ``.pth`` files inside it, so
   the editable install of the micrositio (whose finder maps ``cms_blocks`` to this tree) is
   not active there and ``cms_blocks`` comes from the wheel alone;
3. runs ``wagtail start ciudad``, drops the starter's ``home`` and ``search`` apps for an app
   of its own (``portal``: one page type with a StreamField of ``CONTENT_BLOCKS``), and does
   what docs/adopting.md asks: INSTALLED_APPS, the context processor, the URLs, the
   stylesheet in the base template, the settings (another city: es-mx, Mexico City time);
4. migrates, loads a little content through the ORM (no seed of the micrositio), builds a
   page with every block, and requests /compromisos/, /datos/, that page and a few more
   through Django's test client (the whole request stack), and the admin's editor of that
   page and its "add" form (every block's form): each must answer 200;
5. checks that ``ogp_site``, ``home``, ``search`` and ``participation`` can neither be
   imported nor were imported, and that ``cms_blocks`` was loaded from the new venv.

Exit status 0 when all holds; the temporary folder is kept (and named) when something fails.
Takes about a minute.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_MODULES = ("ogp_site", "home", "search", "participation")

PORTAL_MODELS = """
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.fields import StreamField


class PortalPage(Page):
    body = StreamField(CONTENT_BLOCKS, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
"""

PORTAL_TEMPLATE = """{% extends "base.html" %}{% load wagtailcore_tags %}
{% block content %}<main><h1>{{ page.title }}</h1>{% include_block page.body %}</main>{% endblock %}
"""

# Run inside the new project (manage.py shell): content, requests, import checks.
CHECK_SCRIPT = r"""
import importlib.util, json, sys
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

import cms_blocks
from cms_blocks.blocks import CONTENT_BLOCKS
from cms_blocks.models import (
    ActionPlan, CoCreationFigure, Commitment, Committee, CommitteeMember, Consultation,
    ConsultationOption, Initiative, Institution, Milestone, MonitorReport, ParticipantGroup,
)
from portal.models import PortalPage


def publish(obj):
    obj.save()
    obj.save_revision().publish()
    return obj


plan = publish(ActionPlan(title="Plan de acción 2026", slug="2026", jurisdiction="Ciudad",
                          period_start=timezone.now().date() - timedelta(days=30),
                          period_end=timezone.now().date() + timedelta(days=300)))
lead = publish(Institution(name="Secretaría de Transparencia", slug="transparencia", role="lead"))
commitment = Commitment(plan=plan, title="Presupuesto abierto de la ciudad",
                        slug="presupuesto-abierto", lead_institution=lead)
commitment.milestones.add(Milestone(title="Publicar el presupuesto en datos abiertos"))
publish(commitment)
committee = publish(Committee(plan=plan, name="Comité ciudadano", slug="comite"))
publish(CommitteeMember(committee=committee, name="Ana Pérez", sector="Academia"))
now = timezone.now()
consultation = Consultation(plan=plan, title="Consulta de prioridades", slug="prioridades",
                            question="¿Qué priorizar?", opens_at=now - timedelta(days=9),
                            closes_at=now - timedelta(days=2))
consultation.options.add(ConsultationOption(title="Transparencia"))
consultation.options.add(ConsultationOption(title="Participación"))
publish(consultation)
publish(MonitorReport(plan=plan, title="Informe inicial del monitor", slug="informe-inicial",
                      moment="cocreation"))
publish(Initiative(title="Ferias de transparencia", slug="ferias", kind="initiative"))
publish(CoCreationFigure(plan=plan, label="personas participantes", value=120))
publish(ParticipantGroup(plan=plan, name="Jóvenes"))

stream = []
for name, block in CONTENT_BLOCKS:
    value = block.get_preview_value()
    if value is None:
        value = block.get_default()
    stream.append({"type": name, "value": block.get_prep_value(value)})
print("ADOPT-LOG " + json.dumps([s["type"] for s in stream]))
root = Page.get_first_root_node()
page = root.add_child(instance=PortalPage(title="Todos los bloques", slug="todos-los-bloques",
                                          body=stream))
page.save_revision().publish()
site = Site.objects.get(is_default_site=True)
site.root_page = page
site.save()

client = Client()
paths = ["/", "/planes/", "/planes/2026/", "/planes/2026/avance/", "/avance/",
         "/compromisos/presupuesto-abierto/ficha/", "/compromisos/presupuesto-abierto/ficha.pdf",
         "/compromisos/", "/compromisos/presupuesto-abierto/", "/datos/",
         "/datos/compromisos.csv", "/informes/", "/comite/comite/", "/consultas/prioridades/",
         "/instituciones/", "/iniciativas/", "/novedades/feed/",
         "/compromisos/presupuesto-abierto/qr/",
         "/static/cms_blocks/css/blocks.css"]
statuses = {}
bodies = {}
for path in paths:
    response = client.get(path)
    statuses[path] = response.status_code
    if response.status_code == 200 and not response.streaming:
        bodies[path] = response.content.decode("utf-8", "replace")
page_html = bodies.get("/", "")
from django.contrib.auth import get_user_model

admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
client.force_login(admin)
for path in [f"/admin/pages/{page.pk}/edit/", "/admin/pages/add/portal/portalpage/%d/" % root.pk]:
    statuses[path] = client.get(path).status_code
result = {
    "statuses": statuses,
    "blocks": len(CONTENT_BLOCKS),
    "page_shows": {
        text: text in page_html
        for text in ["Presupuesto abierto de la ciudad", "Comité ciudadano",
                     "Consulta de prioridades", "Informe inicial del monitor",
                     "Secretaría de Transparencia", "Ferias de transparencia",
                     "personas participantes", "cms_blocks/css/blocks.css"]
    },
    "list_shows_commitment": "Presupuesto abierto de la ciudad" in bodies.get("/compromisos/", ""),
    "list_extends_the_hosts_base": "ciudad.css" in bodies.get("/compromisos/", ""),
    "feed_language": "<language>es-mx</language>" in bodies.get("/novedades/feed/", ""),
    "qr_sheet_styles_in_the_head": "cms_blocks/css/qr-sheet.css"
    in bodies.get("/compromisos/presupuesto-abierto/qr/", "").split("</head>")[0],
    "cms_blocks_file": cms_blocks.__file__,
    "site_modules_imported": sorted(
        name for name in sys.modules if name.split(".")[0] in SITE_MODULES
    ),
    "site_modules_importable": [
        name for name in SITE_MODULES if importlib.util.find_spec(name) is not None
    ],
    "sys_path": sys.path,
}
print("ADOPT-RESULT " + json.dumps(result))
"""


def run(args, cwd=None, env=None, capture=False):
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, text=True, capture_output=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"adopt-check: failed: {' '.join(map(str, args))}")
    return proc.stdout


def clean_env(venv):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
        and not key.startswith(("DATABASE_", "CMS_BLOCKS_", "OGP_"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    env.pop("DATABASE_URL", None)
    return env


def build_wheel(tmp):
    source = tmp / "cms-blocks"
    shutil.copytree(
        ROOT / "packages" / "cms-blocks",
        source,
        symlinks=False,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info"),
    )
    dist = tmp / "dist"
    run(
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
            dist,
            source,
        ]
    )
    (wheel,) = dist.glob("cms_blocks-*.whl")
    return wheel


def make_venv(tmp):
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    purelib = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture=True,
        ).strip()
    )
    host = sysconfig.get_paths()
    lines = dict.fromkeys([host["purelib"], host["platlib"]])
    (purelib / "_host_packages.pth").write_text("\n".join(lines) + "\n")
    return venv, python, purelib


def edit(path, old, new):
    text = path.read_text()
    if old not in text:
        raise SystemExit(f"adopt-check: {path.name} of `wagtail start` changed: no {old!r}")
    path.write_text(text.replace(old, new, 1))


def make_project(tmp, python, env):
    project = tmp / "project"
    project.mkdir()
    run([python, "-m", "wagtail.bin.wagtail", "start", "ciudad", project], env=env)
    shutil.rmtree(project / "home")
    shutil.rmtree(project / "search")

    portal = project / "portal"
    (portal / "migrations").mkdir(parents=True)
    (portal / "templates" / "portal").mkdir(parents=True)
    (portal / "__init__.py").write_text("")
    (portal / "migrations" / "__init__.py").write_text("")
    (portal / "models.py").write_text(PORTAL_MODELS)
    (portal / "templates" / "portal" / "portal_page.html").write_text(PORTAL_TEMPLATE)

    settings = project / "ciudad" / "settings" / "base.py"
    edit(
        settings,
        '    "home",\n    "search",\n',
        '    "portal",\n    "cms_blocks",\n    "wagtail.contrib.table_block",\n',
    )
    edit(
        settings,
        '"django.contrib.messages.context_processors.messages",\n',
        '"django.contrib.messages.context_processors.messages",\n'
        '                "cms_blocks.context_processors.cms_blocks",\n',
    )
    edit(settings, 'LANGUAGE_CODE = "en-us"', 'LANGUAGE_CODE = "es-mx"')
    edit(settings, 'TIME_ZONE = "UTC"', 'TIME_ZONE = "America/Mexico_City"')
    with settings.open("a") as out:
        out.write(
            textwrap.dedent("""
            # cms_blocks (docs/adopting.md)
            CMS_BLOCKS_BASE_TEMPLATE = "base.html"
            CMS_BLOCKS_PUBLIC_URL = "http://testserver"
            TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        """)
        )

    urls = project / "ciudad" / "urls.py"
    edit(urls, "from search import views as search_views\n", "")
    edit(
        urls,
        '    path("search/", search_views.search, name="search"),\n',
        '    path("", include("cms_blocks.urls")),\n',
    )

    base = project / "ciudad" / "templates" / "base.html"
    edit(
        base,
        "{% block extra_css %}",
        '{% include "cms_blocks/includes/stylesheets.html" %}\n        {% block extra_css %}',
    )
    return project


def main():
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="cms-blocks-adopt-"))
    ok = False
    try:
        wheel = build_wheel(tmp)
        venv, python, purelib = make_venv(tmp)
        env = clean_env(venv)
        run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel], env=env)
        project = make_project(tmp, python, env)
        env["DJANGO_SETTINGS_MODULE"] = "ciudad.settings.dev"
        run([python, "manage.py", "makemigrations", "portal"], cwd=project, env=env)
        run([python, "manage.py", "migrate", "--noinput"], cwd=project, env=env)
        script = CHECK_SCRIPT.replace("SITE_MODULES", repr(SITE_MODULES))
        out = run([python, "manage.py", "shell", "-c", script], cwd=project, env=env)
        line = next(li for li in out.splitlines() if li.startswith("ADOPT-RESULT "))
        result = json.loads(line.removeprefix("ADOPT-RESULT "))

        problems = []
        bad = {path: code for path, code in result["statuses"].items() if code != 200}
        if bad:
            problems.append(f"not 200: {bad}")
        problems += [
            f"the page lacks {t!r}" for t, shown in result["page_shows"].items() if not shown
        ]
        for check in (
            "list_shows_commitment",
            "list_extends_the_hosts_base",
            "feed_language",
            "qr_sheet_styles_in_the_head",
        ):
            if not result[check]:
                problems.append(f"failed: {check}")
        if not Path(result["cms_blocks_file"]).is_relative_to(purelib):
            problems.append(f"cms_blocks not from the wheel: {result['cms_blocks_file']}")
        if result["site_modules_imported"] or result["site_modules_importable"]:
            problems.append(
                f"micrositio modules: imported {result['site_modules_imported']}, "
                f"importable {result['site_modules_importable']}"
            )
        if any(
            str(ROOT) == p or p.startswith(str(ROOT) + os.sep) and ".venv" not in p
            for p in result["sys_path"]
        ):
            problems.append(f"the micrositio's tree is on sys.path: {result['sys_path']}")

        print(f"adopt-check: wheel {wheel.name}; {result['blocks']} blocks on one page;")
        for path, code in result["statuses"].items():
            print(f"  {code} {path}")
        print(f"  cms_blocks from {result['cms_blocks_file']}")
        if problems:
            print("adopt-check: FAILED\n  " + "\n  ".join(problems))
            return 1
        ok = True
        print(f"adopt-check: OK in {time.monotonic() - started:.0f} s")
        return 0
    finally:
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"adopt-check: kept {tmp}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
