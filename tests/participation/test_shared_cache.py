"""Rate limits shared by every worker: Redis in real processes, and the refusal to serve with a
per-process cache when several workers run.

The Redis tests use the local server (127.0.0.1:6379). Without it they are skipped locally and
fail in CI (CI=true): they must run there.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from participation import ratelimit
from participation.checks import _parse_workers, rate_limit_cache_errors, server_workers

from .conftest import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}


# -- the check ------------------------------------------------------------------------------------


def test_worker_count_is_read_from_gunicorn_command_lines():
    assert _parse_workers(["-w", "2"]) == 2
    assert _parse_workers(["--workers", "3", "-b", ":80"]) == 3
    assert _parse_workers(["--workers=4"]) == 4
    assert _parse_workers(["-w5"]) == 5
    assert _parse_workers(["-w", "2", "--workers=1"]) == 1  # the last one wins
    assert _parse_workers(["-b", "127.0.0.1:8000"]) is None
    gunicorn = ["/srv/venv/bin/gunicorn", "ogp_site.wsgi:application"]
    assert server_workers(gunicorn + ["-w", "2"], {}) == 2
    assert server_workers(gunicorn, {"GUNICORN_CMD_ARGS": "--workers 3"}) == 3
    assert server_workers(gunicorn, {"WEB_CONCURRENCY": "4"}) == 4
    assert server_workers(gunicorn, {}) == 1  # gunicorn's default
    assert server_workers(["manage.py", "check"], {"WEB_CONCURRENCY": "2"}) == 2
    assert server_workers(["manage.py", "check"], {}) is None  # nothing says


def test_per_process_cache_with_several_workers_is_an_error(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": LOCMEM}
    (error,) = rate_limit_cache_errors(workers=2)
    assert error.level == checks.ERROR and error.id == "participation.E001"
    assert "2 procesos" in error.msg and "CACHE_URL" in error.hint
    assert rate_limit_cache_errors(workers=1) == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert rate_limit_cache_errors(workers=3)  # no counting at all is no better
    settings.DEBUG = True
    settings.CACHES = {"default": LOCMEM}
    assert rate_limit_cache_errors(workers=2)[0].level == checks.WARNING


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "django_redis.cache.RedisCache",
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_shared_caches_pass(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "x"}}
    assert rate_limit_cache_errors(workers=4) == []


def test_manage_py_check_fails_with_web_concurrency(settings, monkeypatch):
    settings.DEBUG = False
    settings.CACHES = {"default": LOCMEM}
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    with pytest.raises(SystemCheckError, match="participation.E001"):
        call_command("check")
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    call_command("check")


# -- real processes -------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app, port, env, workers=2):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "2",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_serving(process, port, deadline=40):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def stop(process):
    if process.poll() is None:
        process.terminate()
    try:
        return process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def get(port, client):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": f"10.1.1.1, {client}"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
        pid, allowed = response.read().decode().split()
    return pid, allowed == "1"


def test_two_gunicorn_workers_share_the_limit_in_redis(redis_url):
    """15 concurrent requests from one citizen, 2 workers, a limit of 5: exactly 5 pass."""
    port = free_port()
    # A citizen address of this run only: counters of an earlier run (same hour) do not count.
    client = f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    warm_up = f"198.19.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    server = gunicorn(
        "tests.participation.ratelimit_app:application",
        port,
        {
            "DJANGO_SETTINGS_MODULE": "ogp_site.settings.test",
            "CACHE_URL": redis_url,
            "OGP_TRUSTED_PROXY_COUNT": "1",
            "RATELIMIT_APP_SLEEP": "0.2",
        },
    )
    try:
        assert wait_until_serving(server, port), stop(server)
        # Until both workers have answered (each imports the site when it boots), warm up
        # with another address; then 15 concurrent requests keep both workers busy.
        seen, end = set(), time.monotonic() + 60
        with ThreadPoolExecutor(max_workers=15) as pool:
            while len(seen) < 2 and time.monotonic() < end:
                seen |= {pid for pid, _a in pool.map(lambda _n: get(port, warm_up), range(4))}
            assert len(seen) == 2, "el segundo proceso no arrancó"
            answers = list(pool.map(lambda _n: get(port, client), range(15)))
    finally:
        out, err = stop(server)
    pids = {pid for pid, _allowed in answers}
    assert len(pids) == 2, (pids, err[-2000:])  # both workers answered
    assert sum(allowed for _pid, allowed in answers) == 5


def test_gunicorn_refuses_to_start_with_a_per_process_cache(tmp_path):
    """Production settings, 2 workers, no CACHE_URL (local memory): no worker boots."""
    env = {
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "OGP_PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "",
    }
    server = gunicorn("ogp_site.wsgi:application", free_port(), env)
    try:
        code = server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        code = None
    out, err = stop(server)
    assert code not in (None, 0), err[-3000:]
    assert "participation.E001" in err
    assert "CACHE_URL" in err


def test_gunicorn_starts_with_redis(tmp_path, redis_url):
    env = {
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "OGP_PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
    }
    port = free_port()
    server = gunicorn("ogp_site.wsgi:application", port, env)
    try:
        assert wait_until_serving(server, port)
        time.sleep(1.5)  # the workers import the site after the socket is bound
        assert server.poll() is None
    finally:
        out, err = stop(server)
    assert "participation.E001" not in err
    assert err.count("Booting worker") == 2


# -- in-process, against Redis -----------------------------------------------------------------


def test_limit_counts_in_redis(redis_cache):
    redis_cache.OGP_RATE_LIMITS = {"report_ip": (5, 3600)}
    identity = f"198.18.0.{secrets.randbelow(254) + 1}"
    assert [ratelimit.hit("report_ip", identity) for _ in range(7)] == [True] * 5 + [False] * 2
    # The counter really lives in Redis: a separate connection reads it there.
    import redis

    prefix = redis_cache.CACHES["default"]["KEY_PREFIX"]
    connection = redis.Redis.from_url(REDIS_URL)
    keys = list(connection.scan_iter(match=f"{prefix}:1:ogp-rl:report_ip:*"))
    assert len(keys) == 1
    assert connection.get(keys[0]) == b"7"


def test_a_cache_that_does_not_answer_lets_requests_through(settings, caplog):
    """Redis down (restarting): the vote or report is not refused with a 500; it is logged."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.OGP_RATE_LIMITS = {"report_ip": (1, 3600)}
    assert ratelimit.hit("report_ip", "198.18.0.1") is True
    assert ratelimit.hit("report_ip", "198.18.0.1") is True
    assert "la caché no responde" in caplog.text
