"""`make bench`: requests per second and queries of learner pages against a bare Django page.

Serves the demo with gunicorn (DEBUG off) on 127.0.0.1, builds a 200-lesson course beside the
demo's 9-lesson one (benchmarks/setup_pages.py), logs in as the demo learner (and the demo
trainer for the attendance sheet), and loads each page with `wrk` if installed, else a Python
keep-alive client, for a fixed time, all in one run. Prints a table with each page's ratio to
the bare page, which is what counts on a shared machine. Set DATABASE_URL to measure on
PostgreSQL (by default a fresh SQLite file is used) and REDIS_URL to use Redis as the cache.
"""

import http.client
import json
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
DURATION = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    """Build the 200-lesson course, log in; returns (cookies by user name, [(name, path, user name)])."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.setup_pages"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["cookies"], [tuple(page) for page in data["pages"]]


def query_counts(pages, cookies, env):
    """{path: (status, queries)} for every page, on a warm second request, in one process."""
    code = (
        "import django,json,sys;django.setup();from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;pages,cookies=json.load(sys.stdin);out={}\n"
        "for name,path,user in pages:\n"
        " c=Client();c.cookies['sessionid']=cookies[user];c.get(path)\n"
        " with CaptureQueriesContext(connection) as ctx: r=c.get(path)\n"
        " out[path]=(r.status_code,len(ctx.captured_queries))\n"
        "print(json.dumps(out))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        input=json.dumps([pages, cookies]),
    ).stdout
    return {path: tuple(value) for path, value in json.loads(out.strip().splitlines()[-1]).items()}


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
    if not os.environ.get("BENCH_REUSE_DB"):  # set it to measure again on a database already prepared
        manage("migrate", "--noinput", env=env)
        manage("load_initial_data", env=env)
    cookies, pages = prepare(env)
    counts = query_counts(pages, cookies, env)
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
        wait_until_serving()
        load = wrk_load if shutil.which("wrk") else python_load
        rows = measure(pages, cookies, counts, load)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    print_table(rows, load, env)


def measure(pages, cookies, counts, load):
    """Each page between two loads of the bare page, in ROUNDS rounds; medians of req/s and of ratios.

    Other work on a shared machine changes the speed of everything within minutes; a ratio to
    the bare page measured just before and just after is what stays comparable.
    """
    (_bare_name, bare_path, bare_user), others = pages[0], pages[1:]
    for _name, path, user in pages:
        load(path, cookies[user])  # warm up: caches built, connections opened
    results = {name: ([], [], []) for name, _path, _user in pages}  # req/s, p50, ratio
    for _round in range(ROUNDS):
        bare_before, bare_p50 = load(bare_path, cookies[bare_user])
        results[pages[0][0]][0].append(bare_before)
        results[pages[0][0]][1].append(bare_p50)
        results[pages[0][0]][2].append(1.0)
        for name, path, user in others:
            rps, p50 = load(path, cookies[user])
            bare_after, _p50 = load(bare_path, cookies[bare_user])
            rates, p50s, ratios = results[name]
            rates.append(rps)
            p50s.append(p50)
            ratios.append(rps / ((bare_before + bare_after) / 2 or float("nan")))
            bare_before = bare_after
    rows = []
    for name, path, _user in pages:
        rates, p50s, ratios = results[name]
        status, queries = counts[path]
        rows.append(
            (name, path, status, queries, statistics.median(rates), statistics.median(p50s), statistics.median(ratios))
        )
    return rows


def wait_until_serving():
    """Both workers answer (a loaded machine can take a while to import Django twice)."""
    deadline = time.monotonic() + 180
    answered = 0
    while answered < 4:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            answered += 1
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def print_table(rows, load, env):
    by_name = {row[0]: row[6] for row in rows}
    print(
        f"\nLoad: {load.__name__}, {CONNECTIONS} connections, {DURATION:.0f}s per load, {ROUNDS} rounds (each page "
        f"between two loads of the bare page; medians), gunicorn {WORKERS} workers, "
        f"database {'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}, cache "
        f"{'Redis' if env.get('REDIS_URL') else 'local memory'}, {os.cpu_count()} CPUs\n"
    )
    print(f"| {'page':<46} | {'status':>6} | {'queries':>7} | {'req/s':>8} | {'p50 ms':>7} | {'vs bare':>7} |")
    print(f"|{'-' * 48}|{'-' * 8}|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 9}|")
    for name, _path, status, queries, rps, p50, ratio in rows:
        print(f"| {name:<46} | {status:>6} | {queries:>7} | {rps:>8.0f} | {p50:>7.1f} | {ratio:>7.2f} |")
    small, big = by_name.get("lesson, 9-lesson course"), by_name.get("lesson, 200-lesson course")
    if small and big:
        print(f"\nLesson page, 200-lesson course vs 9-lesson course (ratios to bare): {big / small:.2f}")


if __name__ == "__main__":
    main()
