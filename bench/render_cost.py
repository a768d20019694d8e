"""Measure what each page costs to render, in this process's CPU time.

Usage:  python bench/render_cost.py [--database sqlite|mariadb|URL] [--size small|default]
                                    [--repeat 20] [--profile PATH] [--save DIR]

It opens (and fills, if empty) the same data as bench/run.py, logs in as user1 with the
test client and asks for each page --repeat times, printing the median CPU time per
request (time.process_time: this process only, so a shared machine matters less than in
wall time) and the size of the answer. No server, no network: what is left is Flask,
the templates, the serialisers and the SQL. The small size is the default here.

--profile PATH runs pyinstrument on that page instead and prints where the time goes.
--save DIR writes each answer there, so a change that must not change what a visitor
sees can be checked with diff.
--against CHECKOUT measures another checkout of Flaskgram (a commit before a change) in
a second process, the two asked in turn, request by request: on a shared machine that
is the fair way to see what a change saved.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import parse_size
from run import api_token, log_in_client, open_filled_site, pages_to_measure


def timed(get, path: str) -> tuple[float, bytes]:
    """The CPU milliseconds of one request for the page, and the page."""
    began = time.process_time()
    answer = get(path)
    milliseconds = (time.process_time() - began) * 1000
    assert answer.status_code == 200, (path, answer.status_code)
    return milliseconds, answer.data


def cpu_per_request(get, path: str, repeat: int) -> tuple[float, bytes]:
    """The median CPU milliseconds of one request for the page, and the page."""
    get(path)  # the first request compiles templates and warms caches
    times, body = zip(*(timed(get, path) for _ in range(repeat)), strict=True)
    return statistics.median(times), body[-1]


def serve(get) -> None:
    """Answer "kind path" lines on stdin with each request's CPU milliseconds (--against)."""
    print("ready", flush=True)
    for line in sys.stdin:
        kind, path = line.split()
        print(f"{timed(get[kind], path)[0]:.4f}", flush=True)


def compare(get, pages, other: Path, repeat: int, site_args: list[str]) -> None:
    """Measure each page here and in another checkout, request for request in turn.

    A shared machine's load comes and goes; asking the two in turn puts the same load on
    both, so their difference is the code's.
    """
    command = [sys.executable, str(other / "bench" / "render_cost.py"), "--serve", *site_args]
    them = subprocess.Popen(  # noqa: S603 (this script, in the other checkout)
        command,
        cwd=other,
        env={**os.environ, "PYTHONPATH": str(other)},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    while them.stdout.readline().strip() != "ready":
        pass

    def theirs(page) -> float:
        them.stdin.write(f"{page.kind} {page.path}\n")
        them.stdin.flush()
        return float(them.stdout.readline())

    print(f"| page | bytes | CPU ms, {other.name} | CPU ms, this | change |")
    print("|---|---:|---:|---:|---:|")
    try:
        for page in pages:
            theirs(page)  # the first request of each compiles templates and warms caches
            get[page.kind](page.path)
            mine, other_times = [], []
            for _ in range(repeat):
                other_times.append(theirs(page))
                mine.append(timed(get[page.kind], page.path)[0])
            before, after = statistics.median(other_times), statistics.median(mine)
            size = len(get[page.kind](page.path).data)
            print(
                f"| {page.name} | {size:,} | {before:.1f} | {after:.1f} "
                f"| {100 * (after - before) / before:+.0f}% |",
                flush=True,
            )
    finally:
        them.stdin.close()
        them.wait(timeout=30)


def getters(app):
    """Ask for a page as each kind of visitor: anonymous, logged in, or with a token."""
    session = app.test_client()
    log_in_client(session)
    bearer = {"Authorization": f"Bearer {api_token(app.test_client())}"}
    return {
        "anonymous": app.test_client().get,
        "session": session.get,
        "api": lambda path: session.get(path, headers=bearer),
    }


def profile(get, path: str, repeat: int) -> None:
    """Print where the time of ``repeat`` requests for the page goes."""
    from pyinstrument import Profiler  # a dev dependency, needed only here

    get(path)
    with Profiler(interval=0.0005) as profiler:
        for _ in range(repeat):
            get(path)
    profiler.print(show_all=False)


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", metavar="PATH", help="profile this page instead")
    parser.add_argument("--save", metavar="DIR", help="write each page's answer there, to diff")
    parser.add_argument("--against", metavar="CHECKOUT", type=Path, help="compare with it")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    options, rest = parser.parse_known_args()
    # The small size unless told otherwise: this is a quick, repeatable measurement.
    args, size = parse_size(rest if "--size" in rest else [*rest, "--size", "small"])
    app, _url, _posts = open_filled_site(args.database, size)
    get = getters(app)
    if options.serve:
        serve(get)
        return
    if options.against:
        compare(get, pages_to_measure(app), options.against.resolve(), options.repeat, rest)
        return
    if options.profile:
        kind = "api" if options.profile.startswith("/api/") else "session"
        profile(get[kind], options.profile, options.repeat)
        return
    print(f"| page | bytes | CPU ms per request (median of {options.repeat}) |")
    print("|---|---:|---:|")
    for page in pages_to_measure(app):
        milliseconds, body = cpu_per_request(get[page.kind], page.path, options.repeat)
        print(f"| {page.name} | {len(body):,} | {milliseconds:.1f} |", flush=True)
        if options.save:
            folder = Path(options.save)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{page.name.replace('/', '_')}.out").write_bytes(body)


if __name__ == "__main__":
    main()
