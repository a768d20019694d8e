"""Benchmark Flaskgram's pages at scale under the production server.

Usage:  python bench/run.py [--database sqlite|mariadb|URL] [--size small|default] [--seconds 10]
                            [--connections 16] [--workers N] [--threads N]

It fills the database if it is empty (bench/generate.py), counts each page's SQL queries
and their time in-process, then starts gunicorn with gunicorn.conf.py on that database,
logs in as user1 (who follows 500 people) and drives each page with wrk over loopback.
It prints a table, and writes bench/results/<database>-<posts>.json and a PNG chart. The
machine is shared and noisy: read the ratios, which are measured in one run.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import environment, open_site
from generate import CHEAP_HASH, PASSWORD, generate, parse_size

from flaskgram.extensions import db
from flaskgram.models import Post, User

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SQL_REPEAT = 20
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Page:
    name: str
    path: str
    kind: str = "session"  # "anonymous", "session" (cookie) or "api" (bearer token)
    queries: int = 0
    sql_ms: float = 0.0
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    ratio: float = 0.0  # throughput as a share of /login's


def open_filled_site(database: str, size):
    """The app on that database, filled first if it is empty; its URL and newest post id."""
    app, url = open_site(database, size)
    with app.app_context():
        upgrade()
        people = db.session.scalar(sa.select(sa.func.count()).select_from(User))
        if not people:
            print(f"generating {size} ...", flush=True)
            began = time.perf_counter()
            generate(size, password_hash=generate_password_hash(PASSWORD, CHEAP_HASH))
            print(f"  generated in {time.perf_counter() - began:.0f} s", flush=True)
        db.session.commit()  # MariaDB: a new transaction, which sees the generated rows
        posts = db.session.scalar(sa.select(sa.func.max(Post.id)))
    return app, url, posts


def pages_to_measure(app) -> list[Page]:
    """Every page the issue names that this version of the app has."""
    with app.app_context():
        newest = db.session.scalar(sa.select(sa.func.max(Post.id)))
        per_page = app.config["POSTS_PER_PAGE"]
        busiest = sa.select(Post).order_by(Post.comment_count.desc()).limit(1)
        busy = db.session.scalars(busiest).one()
        following = db.session.scalar(sa.select(User.following_count).where(User.id == 1))
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    pages = [
        Page("/login (the ceiling)", "/login", "anonymous"),
        Page("/healthz", "/healthz", "anonymous"),
        Page("/ page 1", "/"),
        Page("/ page 50", f"/?before={newest - 49 * per_page}"),
        Page(f"/following ({following} followed)", "/following"),
        Page(f"post with {busy.comment_count} comments", f"/p/{busy.id}"),
        Page("profile", "/u/user2"),
    ]
    if "/search" in rules:
        pages.append(Page("/search", "/search?q=sea"))
    if "/tags/<name>" in rules:
        pages.append(Page("tag page", "/tags/walk7"))
    if "/notifications" in rules:
        pages.append(Page("/notifications", "/notifications"))
    pages += [
        Page("API feed page 1", "/api/v1/feed", "api"),
        Page("API feed page 50", f"/api/v1/feed?before={newest - 49 * per_page}", "api"),
        Page("API following", "/api/v1/feed/following", "api"),
    ]
    return pages


def count_sql(app, pages: list[Page], api_token: str) -> None:
    """Each page's SQL statements and their total time, median of SQL_REPEAT, in-process."""
    statements: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append(time.perf_counter() - conn.info["started"])

    client = app.test_client()
    log_in_client(client)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        for page in pages:
            headers = {"Authorization": f"Bearer {api_token}"} if page.kind == "api" else {}
            getter = app.test_client() if page.kind == "anonymous" else client
            counts, times = [], []
            for _ in range(SQL_REPEAT + 1):
                statements.clear()
                response = getter.get(page.path, headers=headers)
                assert response.status_code == 200, (page.path, response.status_code)
                counts.append(len(statements))
                times.append(sum(statements) * 1000)
            page.queries = statistics.mode(counts[1:])
            page.sql_ms = statistics.median(times[1:])
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def log_in_client(client) -> None:
    token = CSRF_INPUT.search(client.get("/login").text).group(1)
    answer = client.post(
        "/login", data={"csrf_token": token, "username": "user1", "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.text


def api_token(client) -> str:
    """An API access token for user1, asked for through the test client."""
    answer = client.post("/api/v1/auth/token", json={"username": "user1", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return answer.json["access_token"]


def log_in_over_http(base: str) -> tuple[str, str]:
    """A session cookie and an API access token for user1, from the running server."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    form = {"csrf_token": CSRF_INPUT.search(page).group(1), "username": "user1"}
    body = urllib.parse.urlencode({**form, "password": PASSWORD}).encode()
    opener.open(base + "/login", body).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + "/api/v1/auth/token",
        json.dumps({"username": "user1", "password": PASSWORD}).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310
        token = json.load(answer)["access_token"]
    return cookie, token


def start_server(url: str, port: int, workers: int | None, threads: int | None):
    env = {**os.environ, **environment(url)}
    if workers:
        env["FLASKGRAM_WORKERS"] = str(workers)
    if threads:
        env["FLASKGRAM_THREADS"] = str(threads)
    log = open(RESULTS / "gunicorn.log", "w")  # noqa: SIM115 (kept open while it runs)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"),
        *("--log-level", "warning", "--no-control-socket"),
    ]
    server = subprocess.Popen(command, env=env, stderr=log, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((RESULTS / "gunicorn.log").read_text()) from None
            time.sleep(0.2)


WRK_LINE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def drive(page: Page, base: str, headers: dict[str, str], seconds: int, connections: int):
    """Run wrk against one page and read its throughput and latency percentiles."""
    command = ["wrk", "--latency", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 (wrk from Debian, on loopback)
        [*command, base + page.path], capture_output=True, text=True, check=True
    ).stdout
    page.requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    for percentile, number, unit in WRK_LINE.findall(output):
        value = float(number) * UNITS[unit]
        if percentile == "50":
            page.p50_ms = value
        else:
            page.p99_ms = value
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    page.errors = int(failed.group(1)) if failed else 0
    if socket_errors:
        page.errors += sum(int(n) for n in socket_errors.groups())


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--port", type=int, default=8765)
    options, _ = parser.parse_known_args()
    args, size = parse_size()
    RESULTS.mkdir(exist_ok=True)

    app, url, posts = open_filled_site(args.database, size)
    backend = sa.engine.make_url(url).get_backend_name()
    pages = pages_to_measure(app)
    server = start_server(url, options.port, options.workers, options.threads)
    base = f"http://127.0.0.1:{options.port}"
    try:
        cookie, token = log_in_over_http(base)
        count_sql(app, pages, token)
        for page in pages:
            headers = {}
            if page.kind == "session":
                headers["Cookie"] = cookie
            elif page.kind == "api":
                headers["Authorization"] = f"Bearer {log_in_over_http(base)[1]}"
            drive(page, base, headers, options.seconds, options.connections)
            print(f"  {page.name}: {page.requests_per_second:.0f} req/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = pages[0].requests_per_second
    for page in pages:
        page.ratio = page.requests_per_second / ceiling
    report(pages, backend, posts, options)


def report(pages: list[Page], backend: str, posts: int, options) -> None:
    by_name = {page.path: page for page in pages}
    feed, deep = by_name["/"], next(p for p in pages if p.name == "/ page 50")
    following = by_name["/following"]
    title = (
        f"{posts:,} posts on {backend}, {options.connections} connections, "
        f"{options.seconds} s a page"
    )
    print(f"\n{title}\n")
    print("| page | req/s | p50 ms | p99 ms | x /login | queries | SQL ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for p in pages:
        print(
            f"| {p.name} | {p.requests_per_second:,.0f} | {p.p50_ms:.1f} | {p.p99_ms:.1f} "
            f"| {p.ratio:.2f} | {p.queries} | {p.sql_ms:.2f} | {p.errors} |"
        )
    feed_rate = feed.requests_per_second
    goals = {
        "feed >= 50% of /login": feed.ratio >= 0.5,
        "page 50 within 15% of page 1": deep.requests_per_second >= 0.85 * feed_rate,
        "/following within 25% of /": following.requests_per_second >= 0.75 * feed_rate,
        "feed p99 under 50 ms": feed.p99_ms < 50,
        "no errors": not any(p.errors for p in pages),
    }
    other = other_size_counts(backend, posts)
    if other:
        other_posts, counts = other
        same = counts == [p.queries for p in pages]
        goals[f"the same query counts as at {other_posts:,} posts"] = same
    print()
    for goal, met in goals.items():
        print(f"  {'met ' if met else 'MISSED'}  {goal}")
    name = f"{backend}-{posts}"
    result = {
        "title": title,
        "pages": [asdict(p) for p in pages],
        "goals": goals,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    chart(pages, title, RESULTS / f"{name}.png")
    print(f"\nwrote bench/results/{name}.json and {name}.png")


def other_size_counts(backend: str, posts: int) -> tuple[int, list[int]] | None:
    """Each page's query count (in the same order) from this database's last run at
    another size, if there is one."""
    for path in sorted(RESULTS.glob(f"{backend}-*.json")):
        other_posts = int(path.stem.rsplit("-", 1)[1])
        if other_posts != posts:
            pages = json.loads(path.read_text())["pages"]
            return other_posts, [p["queries"] for p in pages]
    return None


def chart(pages: list[Page], title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 0.45 * len(pages) + 1.5))
    names = [p.name for p in pages][::-1]
    left.barh(names, [p.requests_per_second for p in pages][::-1], color="#3b6fd8")
    left.set_xlabel("requests per second")
    right.barh(names, [p.p99_ms for p in pages][::-1], color="#d86b3b", label="p99")
    right.barh(names, [p.p50_ms for p in pages][::-1], color="#3bd87a", label="p50")
    right.set_xlabel("latency, ms")
    right.set_yticks([])
    right.legend()
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)


if __name__ == "__main__":
    main()
