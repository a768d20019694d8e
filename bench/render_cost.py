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
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import parse_size
from run import api_token, log_in_client, open_filled_site, pages_to_measure


def cpu_per_request(get, path: str, repeat: int) -> tuple[float, bytes]:
    """The median CPU milliseconds of one request for the page, and the page."""
    answer = get(path)  # the first request compiles templates and warms caches
    assert answer.status_code == 200, (path, answer.status_code)
    times = []
    for _ in range(repeat):
        began = time.process_time()
        answer = get(path)
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times), answer.data


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
    from pyinstrument import Profiler

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
    options, rest = parser.parse_known_args()
    # The small size unless told otherwise: this is a quick, repeatable measurement.
    args, size = parse_size(rest if "--size" in rest else [*rest, "--size", "small"])
    app, _url, _posts = open_filled_site(args.database, size)
    get = getters(app)
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
