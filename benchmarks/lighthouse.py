"""Lighthouse scores of every public page type (``make lighthouse``): a measurement, not a test.

It seeds a scratch SQLite database (``migrate`` + ``load_plan``), collects the static files
and serves the site with gunicorn (1 sync worker) and production settings
(``ogp_site.settings.production``: DEBUG off, whitenoise, the anonymous page cache on, the
local-memory cache, hence one worker) on a loopback port, with ``SECURE_SSL_REDIRECT=false``
(Lighthouse talks plain HTTP to 127.0.0.1, which browsers treat as a secure context) and
``OGP_PUBLIC_URL`` on that port, so canonical and Open Graph URLs name the served origin.

Then, for one URL of every public page type, it runs ``npx --yes lighthouse@12`` (Node 20;
the npm package is fetched once into npm's cache) with Debian's Chromium (``CHROME_PATH``,
default /usr/bin/chromium, ``--headless=new --no-sandbox``), categories accessibility, best
practices, SEO and performance, Lighthouse's default mobile profile with simulated
throttling. It prints a table of the scores and, under it, every audit of the first three
categories that did not pass. A run that Lighthouse itself fails (NO_NAVSTART on a loaded
machine) is retried twice.

Options (environment): LIGHTHOUSE_KEEP=1 keeps the temporary folder (the JSON reports are in
it); LIGHTHOUSE_ONLY=<comma-separated page types> measures only those; CHROME_PATH.
Everything it starts is stopped at the end, even on error.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import throughput
from benchmarks.throughput import BASE_DIR, DISCOVER, PY, Gunicorn, clean_env, free_port, run

# One worker: the local-memory cache is then shared by every request (the rate limits refuse
# a per-process cache with several workers), and Lighthouse loads one page at a time.
throughput.WORKERS = 1

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ["npx", "--yes", "lighthouse@12"]

EXTRA_DISCOVER = r"""
import json
from cms_blocks.models import ActionPlan, Commitment
plan = ActionPlan.objects.live().order_by("-period_start").first()
tagged = Commitment.objects.live().filter(tags__isnull=False).order_by("pk").first()
tag = tagged.tags.order_by("name").first() if tagged else None
tag_url = f"/etiquetas/{tag.slug}/" if tag else None
print(json.dumps({"plan_slug": plan.slug if plan else None, "tag_url": tag_url}))
"""


def site_env(root, port):
    return {
        **clean_env(),
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": "lighthouse-only-not-secret-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "OGP_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}",
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "media"),
        "OGP_PRIVATE_MEDIA_ROOT": str(root / "private-media"),
        "OGP_VOTER_HASH_KEY": "lighthouse-only-" + os.urandom(8).hex(),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def page_types(env):
    urls = json.loads(run([PY, "manage.py", "shell", "-c", DISCOVER], env).strip().splitlines()[-1])
    extra = json.loads(
        run([PY, "manage.py", "shell", "-c", EXTRA_DISCOVER], env).strip().splitlines()[-1]
    )
    plan = extra["plan_slug"]
    types = {
        "home": "/",
        "plan page (Wagtail)": urls["plan"],
        "plan (/planes/<plan>/)": f"/planes/{plan}/" if plan else None,
        "content page": urls["content"],
        "/planes/": "/planes/",
        "/compromisos/": "/compromisos/",
        "commitment": urls["commitment"],
        "/informes/": "/informes/",
        "report": urls["report"],
        "committee": urls["committee"],
        "consultation": urls["consultation"],
        "/datos/": "/datos/",
        "plan's datos": f"/planes/{plan}/datos/" if plan else None,
        "/buscar/?q=agua": "/buscar/?q=agua",
        "/denuncias/nueva/": "/denuncias/nueva/",
        "/avance/": "/avance/",
        "/etiquetas/": "/etiquetas/",
        "tag page": extra.get("tag_url"),
        "follow a commitment": urls["commitment"] + "seguir/",
    }
    only = {name.strip() for name in os.environ.get("LIGHTHOUSE_ONLY", "").split(",") if name}
    return {k: v for k, v in types.items() if v and (not only or k in only)}


def lighthouse(url, output, attempts=3):
    """Lighthouse's JSON report of ``url``; a failed run (Lighthouse's own NO_NAVSTART on a
    loaded machine) is retried, then reported as None."""
    error = None
    for _attempt in range(attempts):
        try:
            return lighthouse_once(url, output)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            error = exc
    print(f"  {url}: {error}", file=sys.stderr)
    return None


def lighthouse_once(url, output):
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    args = [
        *LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode or not Path(output).exists():
        raise RuntimeError(f"lighthouse {url} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return json.loads(Path(output).read_text())


def failures(report):
    """(category, audit id, title, detail) of every audit scored below 1 (not perf)."""
    found = []
    for category in CATEGORIES[1:]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                detail = "; ".join(
                    str((item.get("node") or {}).get("snippet") or item.get("url") or "")[:120]
                    for item in items[:3]
                )
                found.append((category, ref["id"], audit["title"], detail))
    return found


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("npx"):
        sys.exit("npx not found: Lighthouse needs Node.js (npm).")
    print(f"Lighthouse run, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} cores")
    root = Path(tempfile.mkdtemp(prefix="ogp-lighthouse-"))
    server = None
    try:
        port = free_port()
        env = site_env(root, port)
        print("Seeding a scratch SQLite database (migrate + load_plan), collectstatic …")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "load_plan"], env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        types = page_types(env)
        server = Gunicorn("ogp_site.wsgi", port, env, BASE_DIR, root / "gunicorn.log")
        rows, problems = [], []
        for index, (name, path) in enumerate(types.items()):
            report = lighthouse(f"http://127.0.0.1:{port}{path}", root / f"report-{index}.json")
            if report is None:
                scores = [None] * len(CATEGORIES)
            else:
                scores = [report["categories"][c]["score"] for c in CATEGORIES]
                problems.extend((name, *f) for f in failures(report))
            rows.append((name, path, scores))
            shown = " ".join("—" if s is None else f"{round(s * 100):>3}" for s in scores)
            print(f"  {name}: {shown}", flush=True)
        print()
        print("| page type | URL | performance | accessibility | best practices | SEO |")
        print("|---|---|---:|---:|---:|---:|")
        for name, path, scores in rows:
            cells = " | ".join("—" if s is None else str(round(s * 100)) for s in scores)
            print(f"| {name} | `{path}` | {cells} |")
        if problems:
            print("\nAudits that did not pass (accessibility, best practices, SEO):")
            for name, category, audit_id, title, detail in problems:
                print(f"  {name} [{category}] {audit_id}: {title} {detail}")
        else:
            print("\nEvery accessibility, best-practices and SEO audit passed on every page.")
    finally:
        if server is not None:
            server.stop()
        if os.environ.get("LIGHTHOUSE_KEEP") == "1":
            print(f"Kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
