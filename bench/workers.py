"""Measure gunicorn's worker and thread counts on the benchmark's data.

Usage:  python bench/workers.py [--database sqlite|mariadb|URL] [--size small|default]
                                [--seconds 10] [--choices 1x1,2x1,2x4,4x4] [--close]

For each "workers x threads" choice it starts the production server (gunicorn.conf.py
with FLASKGRAM_WORKERS and FLASKGRAM_THREADS), logs in, and drives /login, the feed and
/following with wrk at 16 connections, as bench/run.py does. It prints requests per
second, p50 and p99 for each, so gunicorn.conf.py's default is a measured choice. The
database must be filled already (bench/generate.py or bench/run.py).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import database_url
from generate import parse_size
from run import Page, drive, log_in_over_http, start_server

PAGES = [
    Page("/login", "/login", "anonymous"),
    Page("/ page 1", "/"),
    Page("/following", "/following"),
]


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--choices", default="1x1,1x4,2x1,2x4,2x8,4x1,4x4")
    parser.add_argument("--port", type=int, default=8766)
    # A new connection for each request: how nginx without upstream keepalive talks to
    # gunicorn. wrk's 16 kept connections are shared out among the workers once, at the
    # start, and not always evenly.
    parser.add_argument("--close", action="store_true")
    options, _ = parser.parse_known_args()
    args, size = parse_size()
    url = database_url(args.database, size)
    base = f"http://127.0.0.1:{options.port}"

    print("| workers x threads | page | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for choice in options.choices.split(","):
        workers, threads = (int(n) for n in choice.split("x"))
        server = start_server(url, options.port, workers, threads)
        try:
            cookie, _ = log_in_over_http(base)
            for template in PAGES:
                page = Page(template.name, template.path, template.kind)
                headers = {"Cookie": cookie} if page.kind == "session" else {}
                if options.close:
                    headers["Connection"] = "close"
                drive(page, base, headers, options.seconds, options.connections)
                print(
                    f"| {workers} x {threads} | {page.name} | {page.requests_per_second:,.0f} "
                    f"| {page.p50_ms:.1f} | {page.p99_ms:.1f} | {page.errors} |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
