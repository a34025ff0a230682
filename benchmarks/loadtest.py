"""Load and fault test (``make loadtest``): issue 13, "Proven under load and faults".

gunicorn (2 sync workers) with production settings, started by the same code as
``benchmarks/throughput.py`` (``site_env``, ``Gunicorn``), on a scratch PostgreSQL database
(``createdb -h 127.0.0.1 -U postgres ogp_loadtest_<pid>_<hex>``, ``migrate`` + ``load_plan``,
dropped at the end) and a Redis database (``LOADTEST_REDIS_DB``, 12 by default; it refuses to
run if that database is not empty, and empties it at the end). Loopback only (127.0.0.1).

Three phases, each LOADTEST_REQUESTS (2,000) requests at concurrency LOADTEST_CONCURRENCY (20)
over a mix of public pages, search (``/buscar/?q=…``) and datasets (``/datos/*.csv``), each
bounded by LOADTEST_MAX_SECONDS (120 s):

1. steady: errors (must be 0) and p50/p95 latency;
2. PostgreSQL "restarted" mid-run;
3. Redis "restarted" mid-run.

The faults are simulated, not done to the machine's services: the site connects to PostgreSQL
and Redis through two small TCP proxies of this script (127.0.0.1:<free port> -> 5432 / 6379).
A restart is the proxy cutting every open connection and refusing new ones (its listening
socket is closed, so connects get ECONNREFUSED, as while a server is down) for
LOADTEST_OUTAGE seconds (3), LOADTEST_FAULT_AT seconds (3) into the phase, then listening
again. Why not restart the real services: they are shared (other sessions' tests and
benchmarks use the same PostgreSQL cluster and Redis), a restart could not be confined to this
test, and bringing them back exactly as they were (same process options, same data) cannot be
guaranteed from here; the proxy gives the site the same symptoms (connections reset, then
refused, then accepted again) and an exact, repeatable outage window.

During each outage, one denuncia is POSTed to ``/denuncias/nueva/`` (GET first, with its own
cookie jar for the CSRF cookie, before the cut): it must either be stored (redirect to
``/denuncias/recibida/`` and the row in the database) or refused with a clear Spanish
message, never lost silently. A denuncia is also POSTed in the steady phase, as a control.

Reported per fault phase: time to recovery (from the service being back to the end of the
first successful request started after the last failure, or after the service was back if
none failed since; the fault phases run on past LOADTEST_REQUESTS until LOADTEST_RECOVERY_BUDGET
+ 2 s after the service is back), 5xx during the outage, 5xx after the service is
back, and 5xx after recovery (requests started more than LOADTEST_RECOVERY_BUDGET, 5 s,
after the service is back; must be 0).

Everything it starts is stopped at the end, even on error or SIGTERM: gunicorn, the proxies,
the scratch database, the Redis database's keys and the temporary folder. The real PostgreSQL
and Redis services are never touched.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.throughput import (
    BASE_DIR,
    DISCOVER,
    PY,
    Gunicorn,
    free_port,
    headers,
    load_average,
    run,
    site_env,
)

REQUESTS = int(os.environ.get("LOADTEST_REQUESTS", "2000"))
CONCURRENCY = int(os.environ.get("LOADTEST_CONCURRENCY", "20"))
MAX_SECONDS = float(os.environ.get("LOADTEST_MAX_SECONDS", "120"))
FAULT_AT = float(os.environ.get("LOADTEST_FAULT_AT", "3"))
OUTAGE = float(os.environ.get("LOADTEST_OUTAGE", "3"))
RECOVERY_BUDGET = float(os.environ.get("LOADTEST_RECOVERY_BUDGET", "5"))
REDIS_DB = int(os.environ.get("LOADTEST_REDIS_DB", "12"))
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_PORT = 6379
SEARCHES = ["compromiso", "agua", "transparencia", "contratación", "cartagena", "informe"]


# --- a TCP proxy that can be cut and restored ---------------------------------------------


class FaultProxy:
    """127.0.0.1:<port> -> 127.0.0.1:<target>. cut(): every connection closed, new ones refused.
    restore(): accepted again, on the same port."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = set()
        self.listener = None
        self.closed = False
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.2)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self.lock:
                self.sockets.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            self._close(s)

    def _close(self, s):
        with self.lock:
            self.sockets.discard(s)
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()

    def cut(self):
        listener, self.listener = self.listener, None
        if listener:
            listener.close()
        with self.lock:
            open_sockets = list(self.sockets)
        for s in open_sockets:
            self._close(s)

    def stop(self):
        self.cut()


# --- the load ---------------------------------------------------------------------------------


def request(port, method, path, body=None, extra=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={**headers(port), **(extra or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def run_load(port, paths, on_tick=None, min_seconds=0.0):
    """REQUESTS requests (more if needed to last min_seconds), CONCURRENCY threads, at most
    MAX_SECONDS. Returns (t0, records): (start, end, status or None, path), times relative to
    t0."""
    records = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    t0 = time.monotonic()
    stop_at = t0 + MAX_SECONDS

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter)
            if i >= REQUESTS and time.monotonic() >= t0 + min_seconds:
                return
            path = paths[i % len(paths)]
            start = time.monotonic()
            try:
                status = request(port, "GET", path)[0]
            except (OSError, http.client.HTTPException):
                status = None
            with lock:
                records.append((start - t0, time.monotonic() - t0, status, path))

    pool = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for t in pool:
        t.start()
    ticker = None
    if on_tick:
        ticker = threading.Thread(target=on_tick, args=(t0,), daemon=True)
        ticker.start()
    for t in pool:
        t.join()
    if ticker:
        ticker.join(timeout=FAULT_AT + OUTAGE + 30)
    return t0, records


def summarize(records, wall):
    latencies = sorted((end - start) * 1000 for start, end, _, _ in records)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(records),
        "ok": sum(1 for r in records if r[2] is not None and r[2] < 400),
        "5xx": sum(1 for r in records if r[2] is not None and r[2] >= 500),
        "4xx": sum(1 for r in records if r[2] is not None and 400 <= r[2] < 500),
        "conn_errors": sum(1 for r in records if r[2] is None),
        "p50": q[49],
        "p95": q[94],
        "rps": len(records) / wall if wall else 0,
    }


def failed(record):
    return record[2] is None or record[2] >= 500


# --- the denuncia posted during the outage ----------------------------------------------------


class ReportPost:
    """GET the form (CSRF cookie and token) now; post() later; classify the outcome."""

    def __init__(self, port, marker):
        self.port = port
        self.marker = marker
        status, hdrs, body = request(port, "GET", "/denuncias/nueva/")
        if status != 200:
            raise RuntimeError(f"/denuncias/nueva/ answered {status}")
        self.cookies = {}
        for name, value in hdrs:
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        html = body.decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.result = None

    def post(self):
        fields = {
            "csrfmiddlewaretoken": self.token,
            "subject_work": "Prueba de carga",
            "description": f"Denuncia de prueba de la prueba de carga, marca {self.marker}.",
            "mode": "anonima",
            "consent": "on",
        }
        extra = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"https://127.0.0.1:{self.port}/denuncias/nueva/",
            "Origin": f"https://127.0.0.1:{self.port}",
        }
        try:
            status, hdrs, body = request(
                self.port, "POST", "/denuncias/nueva/", urllib.parse.urlencode(fields), extra
            )
            location = {k.lower(): v for k, v in hdrs}.get("location", "")
            self.result = (status, location, body.decode(errors="replace"))
        except (OSError, http.client.HTTPException) as exc:
            self.result = (None, "", repr(exc))

    def verdict(self, stored):
        status, location, body = self.result
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
        message = ""
        for pattern in (
            r"<h1>(.*?)</h1>\s*<p[^>]*>(.*?)</p>",  # the 500 and db_unavailable pages
            r'class="[^"]*error[^"]*"[^>]*>(.*?)<',
        ):
            found = re.search(pattern, body, re.S)
            if found:
                message = " ".join(re.sub(r"<[^>]+>", "", g).strip() for g in found.groups())
                break
        if stored:
            how = "stored"
        elif status is not None and status >= 400 and message:
            how = "refused with a message"
        else:
            how = "LOST (not stored, no refusal)"
        answer = f"{status} {location}".strip() if status else f"no answer ({body[:80]})"
        return how, answer, message or text[:120]


STORED = """
from participation.models import Report
print(Report.objects.filter(description__contains={marker!r}).count())
"""


def stored_count(env, marker):
    return int(run([PY, "manage.py", "shell", "-c", STORED.format(marker=marker)], env).split()[-1])


# --- the phases -------------------------------------------------------------------------------


def fault_phase(port, paths, proxy, report):
    events = {}

    def fault(t0):
        time.sleep(max(0.0, t0 + FAULT_AT - time.monotonic()))
        events["cut"] = time.monotonic() - t0
        proxy.cut()
        time.sleep(min(1.0, OUTAGE / 2))
        report.post()
        time.sleep(max(0.0, t0 + FAULT_AT + OUTAGE - time.monotonic()))
        proxy.restore()
        events["back"] = time.monotonic() - t0

    # At least REQUESTS requests, and on until RECOVERY_BUDGET + 2 s after the service is back.
    t0, records = run_load(
        port, paths, on_tick=fault, min_seconds=FAULT_AT + OUTAGE + RECOVERY_BUDGET + 2
    )
    wall = max(end for _, end, _, _ in records)
    summary = summarize(records, wall)
    cut, back = events.get("cut"), events.get("back")
    if cut is None or back is None or wall < back + RECOVERY_BUDGET:
        summary["note"] = (
            f"the run ended at {wall:.1f} s, before the service was back + "
            f"{RECOVERY_BUDGET:g} s: raise LOADTEST_REQUESTS"
        )
    after_back = [r for r in records if back is not None and r[0] >= back]
    # Recovery: from the service being back to the end of the first successful request that
    # started after the last failure (or after the service was back, if none failed since).
    last_fail = max((r[1] for r in after_back if failed(r)), default=None)
    since = back if last_fail is None else last_fail
    first_ok = min((r[1] for r in after_back if not failed(r) and r[0] >= since), default=None)
    summary.update(
        {
            "outage": f"{cut:.1f}-{back:.1f} s" if back is not None else "?",
            "recovery": float("nan") if first_ok is None else first_ok - back,
            "5xx_outage": sum(1 for r in records if failed(r) and back is not None and r[0] < back),
            "5xx_back": sum(1 for r in after_back if failed(r)),
            "5xx_after_recovery": sum(
                1 for r in after_back if failed(r) and r[0] >= back + RECOVERY_BUDGET
            ),
        }
    )
    return summary


def main():
    print(
        f"Load and fault test, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, "
        f"{os.cpu_count()} cores, load average {load_average()}"
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    import redis

    r = redis.Redis(host="127.0.0.1", port=REDIS_PORT, db=REDIS_DB)
    if r.dbsize():
        sys.exit(f"Redis database {REDIS_DB} is not empty: choose another LOADTEST_REDIS_DB.")
    root = Path(tempfile.mkdtemp(prefix="ogp-loadtest-"))
    dbname = f"ogp_loadtest_{os.getpid()}_{secrets.token_hex(3)}"
    pg_proxy = redis_proxy = site = None
    created = False
    try:
        pg_proxy, redis_proxy = FaultProxy(PG_PORT), FaultProxy(REDIS_PORT)
        port = free_port()
        env = site_env(root, port)
        env["DATABASE_URL"] = f"postgres://{PG_USER}@127.0.0.1:{pg_proxy.port}/{dbname}"
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis_proxy.port}/{REDIS_DB}"
        env.pop("DB_CONN_MAX_AGE", None)  # the settings' default (60 s), as deployed
        run(["createdb", "-h", PG_HOST, "-U", PG_USER, dbname], env)
        created = True
        print(f"Scratch PostgreSQL database {dbname}: migrate + load_plan, collectstatic …")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "load_plan"], env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        urls = json.loads(
            run([PY, "manage.py", "shell", "-c", DISCOVER], env).strip().splitlines()[-1]
        )
        site = Gunicorn("ogp_site.wsgi", port, env, BASE_DIR, root / "site-gunicorn.log")

        status, _, datos = request(port, "GET", "/datos/")
        csvs = sorted(set(re.findall(r'href="(/datos/[^"?#]+\.csv)"', datos.decode())))
        if status != 200 or not csvs:
            raise RuntimeError(f"/datos/ answered {status} with {len(csvs)} CSV links")
        pages = ["/", "/compromisos/", "/informes/", "/instituciones/", "/iniciativas/", "/datos/"]
        pages += [u for u in urls.values() if u]
        searches = [f"/buscar/?q={urllib.parse.quote(q)}" for q in SEARCHES]
        mix = []
        for i in range(max(len(pages), len(searches), len(csvs))):
            mix += [pages[i % len(pages)], searches[i % len(searches)], csvs[i % len(csvs)]]
        for path in sorted(set(mix)):
            status = request(port, "GET", path)[0]
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the load")
        print(
            f"Mix: {len(set(pages))} pages, {len(searches)} searches, {len(csvs)} CSV datasets "
            f"(1/3 each). {REQUESTS} requests per phase, concurrency {CONCURRENCY}, at most "
            f"{MAX_SECONDS:g} s; gunicorn 2 sync workers; fault proxies on "
            f"{pg_proxy.port} (PostgreSQL) and {redis_proxy.port} (Redis); outage "
            f"{OUTAGE:g} s at {FAULT_AT:g} s."
        )

        rows, posts = [], []
        control = ReportPost(port, f"control-{dbname}")
        t0, records = run_load(port, mix)
        control.post()
        rows.append(("steady", summarize(records, max(e for _, e, _, _ in records))))
        posts.append(("steady (control)", control))
        for name, proxy in (("PostgreSQL restart", pg_proxy), ("Redis restart", redis_proxy)):
            time.sleep(2)
            report = ReportPost(port, f"{name.split()[0].lower()}-{dbname}")
            rows.append((name, fault_phase(port, mix, proxy, report)))
            posts.append((f"{name} (during the outage)", report))
            print(f"  {name}: done", flush=True)

        print()
        print(
            "| phase              | requests |   ok | 5xx | 4xx | conn err | p50 ms | p95 ms "
            "| req/s | outage    | recovery s | 5xx outage | 5xx after back | 5xx after recovery |"
        )
        print(
            "|--------------------|---------:|-----:|----:|----:|---------:|-------:|-------:"
            "|------:|-----------|-----------:|-----------:|---------------:|-------------------:|"
        )
        for name, s in rows:
            fault = (
                f"{s['outage']:<9} | {s['recovery']:10.2f} | {s['5xx_outage']:10d} "
                f"| {s['5xx_back']:14d} | {s['5xx_after_recovery']:18d}"
                if "outage" in s
                else f"{'-':<9} | {'-':>10} | {'-':>10} | {'-':>14} | {'-':>18}"
            )
            print(
                f"| {name:<18} | {s['requests']:8d} | {s['ok']:4d} | {s['5xx']:3d} "
                f"| {s['4xx']:3d} | {s['conn_errors']:8d} | {s['p50']:6.0f} | {s['p95']:6.0f} "
                f"| {s['rps']:5.0f} | {fault} |"
            )
        print()
        print("| denuncia POST                     | answer | outcome | message shown |")
        print("|-----------------------------------|--------|---------|---------------|")
        lost = 0
        for name, post in posts:
            stored = stored_count(env, post.marker)
            how, answer, message = post.verdict(stored)
            lost += how.startswith("LOST")
            print(f"| {name:<33} | {answer} | {how} (rows: {stored}) | {message} |")
        print()
        steady = rows[0][1]
        verdicts = [
            f"steady errors: {steady['5xx'] + steady['conn_errors'] + steady['4xx']} (goal 0)",
            *(
                f"{n}: 5xx after recovery {s['5xx_after_recovery']} (goal 0), "
                f"recovered {s['recovery']:.2f} s after the service was back"
                for n, s in rows[1:]
            ),
            f"denuncias lost silently: {lost} (goal 0)",
        ]
        for name, s in rows:
            if s.get("note"):
                verdicts.append(f"{name}: {s['note']}")
        for line in verdicts:
            print(line)
        print(f"Load average at the end: {load_average()}")
        ok = (
            steady["5xx"] + steady["conn_errors"] + steady["4xx"] == 0
            and all(s["5xx_after_recovery"] == 0 for _, s in rows[1:])
            and not lost
        )
        if not ok:
            sys.exit(1)
    finally:
        if site:
            site.stop()
        for proxy in (pg_proxy, redis_proxy):
            if proxy:
                proxy.stop()
        if created:
            subprocess.run(
                ["dropdb", "--force", "--if-exists", "-h", PG_HOST, "-U", PG_USER, dbname],
                capture_output=True,
            )
        try:
            r.flushdb()
        except Exception as exc:  # noqa: BLE001
            print(f"Could not empty Redis database {REDIS_DB}: {exc}", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
