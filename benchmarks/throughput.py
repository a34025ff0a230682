"""Throughput benchmark (``make bench-throughput``): req/s of every public page type.

One run, on this machine, with gunicorn (2 sync workers) and production settings
(``ogp_site.settings.production``) on a scratch SQLite database seeded with ``migrate`` +
``load_plan``, and Redis (``CACHE_URL=redis://127.0.0.1:6379/<BENCH_REDIS_DB>``) as the cache.
It measures, against two references:

- a bare Wagtail welcome page: a throwaway project made by ``wagtail start`` in a temporary
  folder (same venv, same gunicorn, 2 sync workers, its own production settings with
  DEBUG off, migrated, serving its default home page). That is the real "bare Wagtail": the
  full Wagtail serve path (site lookup, page route, template render) with the middleware a new
  project ships with, and nothing of this site;
- the plan page's HTML as a static file: the page rendered once by the site, copied into
  STATIC_ROOT after ``collectstatic`` and served by whitenoise from the same gunicorn (the
  site's own middleware stack, before Django's view machinery): the ceiling of this setup.

Every page type is measured twice, on the same database and Redis, one server after the
other on the same port: without the page cache (``OGP_PAGE_CACHE=0``: every request renders)
and with it (the default; after the warm-up every request is a hit). The static file is
measured on the server with the cache.

Then the time from a publish to the change being visible: with the cache warm, a separate
process (``manage.py shell``, as an editor's approval in the admin would, in its own process)
publishes a new title for a commitment (the narrow purge: the pages that read commitments)
and then for a content page in the menu (every page: the menu is on all of them), while one
client per URL GETs it in a loop. It reports, per URL, the time from the publish's commit to
the first answer showing the change, and how many answers to requests *started* after the
commit were stale (the goal is 0).

Load generator: ``wrk -t1 -c8 -d<s>`` when ``wrk`` is on PATH, otherwise a bounded Python
client: BENCH_CLIENT_PROCS processes x threads, concurrency 8 in total, http.client with
keep-alive (gunicorn's sync workers close every connection, so in practice each request opens
one), BENCH_SECONDS per target after BENCH_WARMUP seconds of warm-up, and at most
BENCH_MAX_REQUESTS per target. Loopback only (127.0.0.1). The client runs on the same cores
as the server, so every figure is "server + client on this machine", not the server alone.

Requests carry ``X-Forwarded-Proto: https``, as behind the TLS-terminating proxy production
expects (SECURE_SSL_REDIRECT stays on), and no Accept-Encoding (no compression anywhere).

Everything it starts is stopped at the end, even on error: the gunicorns, the temporary
folder (databases, static files, the bare project) and the keys of the Redis database it used
(it refuses to start if that database is not empty, so it never deletes anyone's keys).

Options (environment): BENCH_SECONDS (5), BENCH_WARMUP (1), BENCH_CONCURRENCY (8),
BENCH_CLIENT_PROCS (2), BENCH_MAX_REQUESTS (50000), BENCH_REDIS_DB (13), BENCH_KEEP=1
(keep the temporary folder).
"""

import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "1"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
CLIENT_PROCS = max(1, int(os.environ.get("BENCH_CLIENT_PROCS", "2")))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "50000"))
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "13"))
WORKERS = 2
STATIC_PLAN = "/static/bench/plan-page.html"

# Printed as JSON by `manage.py shell` on the seeded database: one URL per public page type.
DISCOVER = r"""
import json
from home.models import ActionPlanPage, ContentPage
from cms_blocks.models import Commitment, MonitorReport, Committee, Consultation

def first(model):
    qs = model.objects.all()
    if hasattr(qs, "live"):
        qs = qs.live()
    obj = qs.order_by("pk").first()
    return obj.get_absolute_url() if obj else None

def page(model):
    obj = model.objects.live().public().order_by("path").first()
    return obj.url if obj else None

print(json.dumps({
    "plan": page(ActionPlanPage),
    "content": page(ContentPage),
    "commitment": first(Commitment),
    "report": first(MonitorReport),
    "committee": first(Committee),
    "consultation": first(Consultation),
}))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env, cwd=BASE_DIR):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def clean_env():
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "DATABASE_", "CACHE_", "OGP_", "AWS_"))
        and k not in {"MEDIA_STORAGE", "STATIC_ROOT", "MEDIA_ROOT", "ALLOWED_HOSTS"}
    }


class Gunicorn:
    def __init__(self, wsgi, port, env, cwd, log):
        self.port = port
        self.log = open(log, "w")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                wsgi,
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(WORKERS),
                "-k",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = fetch(port, "/")
                if status < 500:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn {wsgi} did not start:\n{Path(log).read_text()}")
            time.sleep(0.3)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def headers(port):
    return {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers(port))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- the Python load generator -------------------------------------------------------------


def _client_process(port, path, threads, warmup, seconds, max_requests, queue):
    hdrs = headers(port)
    lock = threading.Lock()
    counts = {"ok": 0, "bad": 0, "err": 0, "statuses": {}}
    start_at = time.monotonic() + warmup
    stop_at = start_at + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            now = time.monotonic()
            if now >= stop_at:
                break
            try:
                conn.request("GET", path, headers=hdrs)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = None
            done = time.monotonic()
            if done < start_at or done > stop_at:
                continue  # warm-up, or finished after the window closed
            with lock:
                if status is None:
                    counts["err"] += 1
                elif status == 200:
                    counts["ok"] += 1
                else:
                    counts["bad"] += 1
                    counts["statuses"][status] = counts["statuses"].get(status, 0) + 1
                if counts["ok"] + counts["bad"] + counts["err"] >= max_requests:
                    break
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put(counts)


def python_load(port, path):
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    per = [
        CONCURRENCY // CLIENT_PROCS + (i < CONCURRENCY % CLIENT_PROCS) for i in range(CLIENT_PROCS)
    ]
    procs = [
        ctx.Process(
            target=_client_process,
            args=(port, path, n, WARMUP, SECONDS, MAX_REQUESTS // CLIENT_PROCS, queue),
        )
        for n in per
        if n
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=WARMUP + SECONDS + 120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
    ok = sum(r["ok"] for r in results)
    bad = sum(r["bad"] for r in results)
    err = sum(r["err"] for r in results)
    statuses = {}
    for r in results:
        for k, v in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    return {"rps": ok / SECONDS, "ok": ok, "bad": bad, "err": err, "statuses": statuses}


def wrk_load(port, path):
    url = f"http://127.0.0.1:{port}{path}"
    hdr = ["-H", "X-Forwarded-Proto: https", "-H", f"Host: 127.0.0.1:{port}"]
    if WARMUP:
        subprocess.run(
            ["wrk", "-t1", f"-c{CONCURRENCY}", f"-d{max(1, int(WARMUP))}s", *hdr, url],
            capture_output=True,
        )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONCURRENCY}", f"-d{int(SECONDS)}s", *hdr, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "ok": total - bad,
        "bad": bad,
        "err": errors.group(1) if errors else 0,
        "statuses": {},
    }


def measure(port, path):
    return wrk_load(port, path) if shutil.which("wrk") else python_load(port, path)


# --- set-up --------------------------------------------------------------------------------


def bare_wagtail(root, port):
    """A `wagtail start` project, migrated, with its production settings (DEBUG off)."""
    project = root / "bare"
    project.mkdir()
    env = clean_env()
    run([str(Path(PY).with_name("wagtail")), "start", "barebench", str(project)], env)
    # The site's own top-level packages `home` and `search` are importable from this venv
    # (editable install), and would shadow the new project's apps of the same names: the
    # project's apps are renamed barehome/baresearch, keeping the app label "home".
    (project / "home").rename(project / "barehome")
    (project / "search").rename(project / "baresearch")
    apps_py = project / "barehome" / "apps.py"
    apps_py.write_text(
        apps_py.read_text().replace('name = "home"', 'name = "barehome"\n    label = "home"')
    )
    for name in ("barebench/settings/base.py", "barebench/urls.py"):
        f = project / name
        text = f.read_text().replace('"home",', '"barehome",').replace('"search",', '"baresearch",')
        f.write_text(text.replace("from search import", "from baresearch import"))
    (project / "barebench" / "settings" / "local.py").write_text(
        "SECRET_KEY = 'bench-only-not-secret'\n"
        "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n"
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {str(root / 'bare.sqlite3')!r}}}}}\n"
    )
    env["DJANGO_SETTINGS_MODULE"] = "barebench.settings.production"
    env["PYTHONPATH"] = str(project)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=project)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env, cwd=project)
    return Gunicorn("barebench.wsgi", port, env, project, root / "bare-gunicorn.log")


def site_env(root, port, page_cache=True):
    return {
        "OGP_PAGE_CACHE": "1" if page_cache else "0",
        **clean_env(),
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": "bench-only-not-secret-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "OGP_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}",
        "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "STATIC_ROOT": str(root / "static"),
        "MEDIA_ROOT": str(root / "media"),
        "OGP_PRIVATE_MEDIA_ROOT": str(root / "private-media"),
        "OGP_VOTER_HASH_KEY": "bench-only-" + os.urandom(8).hex(),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def redis_client():
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)


PUBLISH = {
    "commitment": r"""
import time
from django.db import transaction
from cms_blocks.models import Commitment
c = Commitment.objects.live().order_by("pk").first()
c.title = "MARK"
with transaction.atomic():
    c.save_revision().publish()
    # Runs after the commit and after the callbacks registered before it (the page cache's).
    transaction.on_commit(lambda: print("committed", repr(time.time())))
""",
    "menu page": r"""
import time
from django.db import transaction
from home.models import ContentPage
p = ContentPage.objects.live().filter(show_in_menus=True).order_by("path").first()
p.title = "MARK"
with transaction.atomic():
    p.save_revision().publish()
    # Runs after the commit and after the callbacks registered before it (the page cache's).
    transaction.on_commit(lambda: print("committed", repr(time.time())))
""",
}


def watch(port, path, mark, stop, seen):
    """GET ``path`` in a loop until ``stop``: (started, ended, shows the mark) per answer."""
    while not stop.is_set():
        started = time.time()
        status, body = fetch(port, path)
        seen.append((started, time.time(), status == 200 and mark.encode() in body))


def publish_latencies(port, env, urls):
    """From a publish's commit (in another process) to the first answer showing it."""
    print("Publish → visible (the page cache warm):")
    rows = []
    for kind, paths in (
        ("commitment (narrow purge)", [urls["commitment"], "/compromisos/"]),
        ("menu page (whole cache)", ["/compromisos/", "/informes/"]),
    ):
        mark = f"Bench{os.urandom(4).hex()}"
        for path in paths:  # warm: stored, then served from the cache
            fetch(port, path)
            fetch(port, path)
        stop, seen = threading.Event(), {path: [] for path in paths}
        watchers = [
            threading.Thread(target=watch, args=(port, path, mark, stop, seen[path]))
            for path in paths
        ]
        for t in watchers:
            t.start()
        try:
            script = PUBLISH[kind.split(" (")[0]].replace("MARK", mark)
            out = run([PY, "manage.py", "shell", "-c", script], env)
            committed = float(out.split("committed", 1)[1].split()[0])
            deadline = time.time() + 10
            while time.time() < deadline and not all(
                any(shown for _, _, shown in seen[path]) for path in paths
            ):
                time.sleep(0.05)
            time.sleep(0.5)  # a few more answers, to count stale ones after the commit
        finally:
            stop.set()
            for t in watchers:
                t.join()
        for path in paths:
            answers = seen[path]
            shown = [ended for _, ended, ok in answers if ok]
            stale = sum(1 for started, _, ok in answers if started > committed and not ok)
            visible = (min(shown) - committed) * 1000 if shown else None
            rows.append((kind, path, visible, stale))
            text = f"{visible:.0f} ms" if visible is not None else "not within 10 s"
            print(f"  {kind}, {path}: visible after {text}, stale answers after: {stale}")
    return rows


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    print(
        f"Throughput benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, "
        f"{os.cpu_count()} cores, load average {load_average()}"
    )
    # `kill` (SIGTERM) unwinds like Ctrl-C, so the finally below stops everything too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    r = redis_client()
    if r.dbsize():
        sys.exit(f"Redis database {REDIS_DB} is not empty: choose another BENCH_REDIS_DB.")
    root = Path(tempfile.mkdtemp(prefix="ogp-throughput-"))
    servers = []
    try:
        site_port, bare_port = free_port(), free_port()
        env = site_env(root, site_port)
        print("Seeding a scratch SQLite database (migrate + load_plan), collectstatic …")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "load_plan"], env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        urls = json.loads(
            run([PY, "manage.py", "shell", "-c", DISCOVER], env).strip().splitlines()[-1]
        )
        missing = [k for k, v in urls.items() if not v]
        if missing:
            raise RuntimeError(f"load_plan created no {', '.join(missing)}")

        # The plan page rendered once, then served as a static file (whitenoise indexes
        # STATIC_ROOT when it starts, so the site's gunicorn starts after the copy).
        probe = Gunicorn("ogp_site.wsgi", site_port, env, BASE_DIR, root / "probe.log")
        servers.append(probe)
        status, plan_html = fetch(site_port, urls["plan"])
        probe.stop()
        servers.remove(probe)
        if status != 200:
            raise RuntimeError(f"{urls['plan']} answered {status}")
        (root / "static" / "bench").mkdir(parents=True, exist_ok=True)
        (root / "static" / "bench" / "plan-page.html").write_bytes(plan_html)

        print("Generating and migrating a bare `wagtail start` project …")
        bare = bare_wagtail(root, bare_port)
        servers.append(bare)

        pages = [
            ("/ (home page)", "/"),
            (f"{urls['plan']} (plan page)", urls["plan"]),
            (f"{urls['content']} (content page)", urls["content"]),
            ("/compromisos/", "/compromisos/"),
            (f"{urls['commitment']} (commitment)", urls["commitment"]),
            ("/informes/", "/informes/"),
            (f"{urls['report']} (report)", urls["report"]),
            (f"{urls['committee']} (committee)", urls["committee"]),
            (f"{urls['consultation']} (consultation)", urls["consultation"]),
            ("/instituciones/", "/instituciones/"),
            ("/iniciativas/", "/iniciativas/"),
            ("/datos/", "/datos/"),
            ("/buscar/?q=compromiso", "/buscar/?q=compromiso"),
            ("/sitemap.xml", "/sitemap.xml"),
        ]
        if b"Welcome to your new Wagtail site" not in fetch(bare_port, "/")[1]:
            raise RuntimeError("the bare project does not serve Wagtail's welcome page")
        client = (
            f"wrk -t1 -c{CONCURRENCY}"
            if shutil.which("wrk")
            else f"Python http.client, {CLIENT_PROCS} processes x threads, concurrency {CONCURRENCY}"  # noqa: E501
        )
        print(
            f"Load: {client}, {SECONDS:g} s per target after {WARMUP:g} s warm-up, "
            f"at most {MAX_REQUESTS} requests; loopback; gunicorn {WORKERS} sync workers. "
            f"The client shares the {os.cpu_count()} cores with the servers."
        )

        def load(name, port, path):
            result = measure(port, path)
            note = ""
            if result["bad"] or result["err"]:
                note = f"  (non-200: {result['bad']} {result['statuses']}, errors: {result['err']})"
            print(f"  {name}: {result['rps']:.1f} req/s{note}", flush=True)
            return result["rps"]

        bare_rps = load("bare Wagtail welcome page", bare_port, "/")
        sizes, uncached, cached = {}, {}, {}
        for label, page_cache in (("without the page cache", False), ("with the page cache", True)):
            print(f"Site {label}:")
            site_env_now = {**env, "OGP_PAGE_CACHE": "1" if page_cache else "0"}
            log = root / f"site-gunicorn-{int(page_cache)}.log"
            site = Gunicorn("ogp_site.wsgi", site_port, site_env_now, BASE_DIR, log)
            servers.append(site)
            for name, path in pages:
                status, body = fetch(site_port, path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
                sizes[name] = len(body)
                (cached if page_cache else uncached)[name] = load(name, site_port, path)
            if page_cache:
                if fetch(site_port, STATIC_PLAN)[1] != plan_html:
                    raise RuntimeError("the static copy differs from the plan page")
                static_rps = load("plan page HTML as a static file", site_port, STATIC_PLAN)
                latencies = publish_latencies(site_port, site_env_now, urls)
            site.stop()
            servers.remove(site)

        width = max(len(n) for n, _ in pages)
        print()
        print(
            f"| {'target':<{width}} | no cache req/s | × bare page | cache req/s "
            "| × static file |  bytes |"
        )
        print(
            f"|{'-' * (width + 2)}|---------------:|------------:|------------:"
            "|--------------:|-------:|"
        )
        print(
            f"| {'bare Wagtail welcome page (wagtail start)':<{width}} | {bare_rps:14.1f} "
            f"| {1:11.2f} | {'-':>11} | {bare_rps / static_rps:13.3f} | {'':>6} |"
        )
        for name, _ in pages:
            print(
                f"| {name:<{width}} | {uncached[name]:14.1f} | {uncached[name] / bare_rps:11.2f} "
                f"| {cached[name]:11.1f} | {cached[name] / static_rps:13.3f} | {sizes[name]:6d} |"
            )
        print(
            f"| {'plan page HTML as a static file (whitenoise)':<{width}} | {'-':>14} "
            f"| {static_rps / bare_rps:11.2f} | {static_rps:11.1f} | {1:13.3f} | "
            f"{len(plan_html):6d} |"
        )
        print()
        worst = min(pages, key=lambda p: uncached[p[0]])[0]
        print(
            f"Without the cache, slowest page: {worst}, {uncached[worst] / bare_rps:.2f}× the "
            "bare page (goal ≥ 0.8×)."
        )
        stored = [p for p in pages if not p[1].startswith("/buscar/")]  # search: never stored
        worst = min(stored, key=lambda p: cached[p[0]])[0]
        print(
            f"With the cache, slowest stored page: {worst}, {cached[worst] / static_rps:.3f}× "
            "the static file (goal ≥ 0.5×; search results are never stored)."
        )
        print()
        print("| publish | URL | visible after (ms) | stale answers to requests started after |")
        print("|---|---|---:|---:|")
        for kind, url, visible_ms, stale in latencies:
            shown = f"{visible_ms:.0f}" if visible_ms is not None else "never (10 s)"
            print(f"| {kind} | {url} | {shown} | {stale} |")
        print(f"Load average at the end: {load_average()}")
    finally:
        for server in reversed(servers):
            server.stop()
        try:
            r.flushdb()
        except Exception as exc:  # noqa: BLE001
            print(f"Could not empty Redis database {REDIS_DB}: {exc}", file=sys.stderr)
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"Kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
