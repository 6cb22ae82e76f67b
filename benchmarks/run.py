"""`make bench`: requests per second and queries of learner pages against a bare Django page.

Serves the demo with gunicorn (DEBUG off) on 127.0.0.1, logs in as the demo learner, and loads
each page with `wrk` if installed, else a Python keep-alive client, for a fixed time. Prints a table.
Set DATABASE_URL to measure on PostgreSQL; by default a fresh SQLite file is used.
"""

import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8799"))
DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def session_cookie(env):
    """Log in as the demo learner in-process and return the session cookie."""
    code = (
        "import django;django.setup();from django.test import Client;c=Client();"
        "assert c.login(username='learner.kh',password='demo-learner-kh');"
        "print(c.cookies['sessionid'].value)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def query_count(path, cookie, env):
    code = (
        "import django;django.setup();from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;c=Client();"
        f"c.cookies['sessionid']='{cookie}';c.get('{path}');"
        f"ctx=CaptureQueriesContext(connection);ctx.__enter__();r=c.get('{path}');ctx.__exit__(None,None,None);"
        "print(r.status_code, len(ctx.captured_queries))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    status, count = out.stdout.split()[-2:]
    return int(status), int(count)


def python_load(path, cookie):
    """Keep-alive client threads; returns (requests per second, median latency ms)."""
    latencies, lock, stop = [], threading.Lock(), time.monotonic() + DURATION

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        local = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
            response = conn.getresponse()
            response.read()
            local.append(time.perf_counter() - start)
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / DURATION, statistics.median(latencies) * 1000


def wrk_load(path, cookie):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{int(DURATION)}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return rps, float(p50.group(1)) * scale


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearning.settings.bench", "PYTHONPATH": str(ROOT)}
    tmp = tempfile.mkdtemp()
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    manage("migrate", "--noinput", env=env)
    manage("load_initial_data", env=env)
    cookie = session_cookie(env)
    course = "/km/employment-counselling-youth/"
    pages = [
        ("bare Django page (1 query)", "/bench/bare/"),
        ("catalogue", "/km/"),
        ("course", course),
        ("lesson", None),
        ("my learning", "/km/learning/"),
    ]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "elearning.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        conn.request("GET", course, headers={"Cookie": f"sessionid={cookie}"})
        html = conn.getresponse().read().decode()
        lesson = re.findall(r'href="(/km/employment-counselling-youth/[^"/]+/[^"/]+/)"', html)[0]
        pages[3] = ("lesson", lesson)
        load = wrk_load if shutil.which("wrk") else python_load
        rows = []
        for name, path in pages:
            status, queries = query_count(path, cookie, env)
            load(path, cookie)  # warm up
            rps, p50 = load(path, cookie)
            rows.append((name, path, status, queries, rps, p50))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    bare = rows[0][4]
    print(
        f"\nLoad: {load.__name__}, {CONNECTIONS} connections, {DURATION:.0f}s per page, gunicorn {WORKERS} workers, "
        f"database {'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}\n"
    )
    print(f"| {'page':<28} | {'status':>6} | {'queries':>7} | {'req/s':>8} | {'p50 ms':>7} | {'vs bare':>7} |")
    print(f"|{'-' * 30}|{'-' * 8}|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 9}|")
    for name, _path, status, queries, rps, p50 in rows:
        print(f"| {name:<28} | {status:>6} | {queries:>7} | {rps:>8.0f} | {p50:>7.1f} | {rps / bare:>6.0%} |")


if __name__ == "__main__":
    main()
