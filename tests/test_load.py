"""A bounded load on the feed over loopback, served by gunicorn (SECURITY.md case 43).

Run with -s to see the numbers: requests, errors, requests per second, and each worker's
memory (RSS) after warm-up and at the end.
"""

import threading
import time
from pathlib import Path

import pytest
from conftest import CARD_IDS, PASSWORD, TEST_CONFIG, stored_post
from flask_migrate import upgrade
from live_server import Browser, gunicorn, worker_pids

from flaskgram import accounts, comments, create_app, follows, likes
from flaskgram.config import DefaultConfig
from flaskgram.extensions import db

WORKERS = 2
THREADS = 8
WARM_UP_REQUESTS = 160
REQUESTS = 2000
POSTS = 100
PER_PAGE = DefaultConfig.POSTS_PER_PAGE
# A worker that holds on to something per request (a cache without a bound, rows kept
# in a session) grows by far more than this over a few thousand pages.
RSS_GROWTH_LIMIT_KB = 10 * 1024


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError(f"no VmRSS for process {pid}")


@pytest.fixture
def busy_site(tmp_path):
    """A migrated SQLite site with 100 posts, likes, comments and follows."""
    url = f"sqlite:///{tmp_path}/load.db"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")})
    with app.app_context():
        upgrade()
        people = [
            accounts.create_user(name, f"{name}@example.com", PASSWORD)
            for name in ("alice", "bob", "carol", "dave")
        ]
        for n in range(POSTS):
            author = people[n % len(people)]
            post = stored_post(author, caption=f"Post {n} #load")
            if n % 3 == 0:
                likes.like_post(people[0], post)
                comments.add_comment(people[1], post, f"Comment on {n}")
        for follower in people[1:]:
            follows.follow(follower, people[0])
        db.engine.dispose()
    return url, people[0].username


def hammer(base: str, username: str, count: int, statuses: list, failures: list) -> None:
    """Log in, then load the feed count times, noting each status or failure."""
    browser = Browser(base)
    try:
        browser.log_in(username, PASSWORD)
        for _ in range(count):
            page = browser.get("/")
            ok = page.status == 200 and len(CARD_IDS.findall(page.text)) == PER_PAGE
            statuses.append(page.status if ok else f"{page.status}, {len(page.text)} bytes")
    except Exception as error:  # a refused or reset connection counts as an error
        failures.append(repr(error))


def run_load(base: str, username: str, total: int) -> tuple[list, list, float]:
    statuses, failures = [], []
    threads = [
        threading.Thread(
            target=hammer, args=(base, username, total // THREADS, statuses, failures)
        )
        for _ in range(THREADS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, failures, time.monotonic() - started


def test_feed_under_load_has_no_errors_and_steady_memory(busy_site, tmp_path):
    """Case 43: thousands of feed pages from 8 threads, zero errors, bounded worker growth."""
    url, username = busy_site
    with gunicorn(url, tmp_path, workers=WORKERS) as (base, server):
        workers = worker_pids(server.pid)
        statuses, failures, _ = run_load(base, username, WARM_UP_REQUESTS)
        assert failures == [] and set(statuses) == {200}, (failures, set(statuses))
        before = {pid: rss_kb(pid) for pid in workers}

        statuses, failures, seconds = run_load(base, username, REQUESTS)
        after = {pid: rss_kb(pid) for pid in workers}
        errors = len(failures) + sum(status != 200 for status in statuses)
        print(
            f"\ncase 43: {len(statuses)} feed pages ({POSTS} posts, {PER_PAGE} a page) "
            f"from {THREADS} threads to {WORKERS} gunicorn workers in {seconds:.1f} s: "
            f"{len(statuses) / seconds:.0f} req/s, {errors} errors"
        )
        for pid in workers:
            growth = (after[pid] - before[pid]) / 1024
            print(
                f"  worker {pid}: RSS {before[pid] / 1024:.1f} MB after warm-up, "
                f"{after[pid] / 1024:.1f} MB at the end ({growth:+.1f} MB)"
            )
        assert worker_pids(server.pid) == workers  # none died or was restarted
    assert failures == []
    assert len(statuses) == REQUESTS
    assert set(statuses) == {200}
    for pid in workers:
        assert after[pid] - before[pid] < RSS_GROWTH_LIMIT_KB, (pid, before[pid], after[pid])
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback" not in log
