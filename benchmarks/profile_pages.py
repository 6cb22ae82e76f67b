"""In-process cost of each page `make bench` measures: queries, Python calls, milliseconds.

    python -m benchmarks.profile_pages [PAGES_JSON] [--top N] [--only SUBSTRING]

PAGES_JSON is the output of `python -m benchmarks.setup_pages` (run after `load_initial_data`);
without it the pages are prepared first. Each page is requested once to warm the caches, then
profiled (cProfile: a count of calls, which does not depend on the machine's load) and timed
(median of BENCH_REPEAT requests: wall-clock ms, which depends on the load, and this process's
CPU ms, which depends on it less; the database's and Redis's own work is not in the CPU ms).
The last column compares the CPU ms with the bare page's (the first page). `--top N` prints the N functions with the most
cumulative time for each page. Uses the same settings as `make bench` (elearning.settings.bench).
"""

import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.bench")

import django  # noqa: E402

django.setup()

import cProfile  # noqa: E402
import pstats  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def load_pages(argv):
    if argv and not argv[0].startswith("--"):
        with open(argv[0]) as f:
            return json.load(f)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.setup_pages"], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def option(argv, name, default=None):
    return argv[argv.index(name) + 1] if name in argv else default


def main(argv):
    data = load_pages(argv)
    top, only = int(option(argv, "--top", "0")), option(argv, "--only")
    print(
        f"| {'page':<46} | {'status':>6} | {'queries':>7} | {'calls':>7} | {'ms':>6} | {'CPU ms':>6} | {'bare/CPU':>8} |"
    )
    print(f"|{'-' * 48}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 8}|{'-' * 10}|")
    bare_cpu = None
    for name, path, user in data["pages"]:
        if only and only not in name:
            continue
        client = Client()
        client.cookies["sessionid"] = data["cookies"][user]
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        queries = [q["sql"] for q in ctx.captured_queries]  # now: the next request empties the log
        profile = cProfile.Profile()
        profile.enable()
        client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        times, cpu = [], []
        for _ in range(REPEAT):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        cpu_ms = statistics.median(cpu)
        bare_cpu = bare_cpu or cpu_ms
        print(
            f"| {name:<46} | {response.status_code:>6} | {len(queries):>7} | "
            f"{stats.total_calls:>7} | {statistics.median(times):>6.2f} | {cpu_ms:>6.2f} | {bare_cpu / cpu_ms:>8.2f} |"  # type: ignore[attr-defined]
        )
        if top:
            for sql in queries:
                print("   SQL:", sql[:300])
            stats.sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main(sys.argv[1:])
