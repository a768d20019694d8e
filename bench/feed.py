"""Benchmark the feed at scale: page 1 vs page 50, Following, and a page without SQL.

Usage:  python bench/feed.py [--posts 200000] [--database-url URL] [--repeat 30]

It builds (once) a database of the given size, logs in through the HTTP client as a
user who follows hundreds of people, and prints the median time of each page and its
ratio to the login page, which touches no database.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.models import Post, User

PASSWORD = "benchmark password"  # noqa: S105


def timed(client, path: str, repeat: int) -> float:
    client.get(path)  # warm caches and the connection pool
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    users = max(1_000, args.posts // 100)
    url = args.database_url or f"sqlite:///{tempfile.gettempdir()}/flaskgram-bench-{args.posts}.db"
    app = create_app(
        {
            "DATABASE_URL": url,
            "HTTPS": False,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "scrypt:256:8:1",
        }
    )
    with app.app_context():
        upgrade()
        if db.session.scalar(sa.select(sa.func.count()).select_from(Post)) < args.posts:
            print(f"generating {args.posts:,} posts, {args.posts * 5:,} likes ...", flush=True)
            start = time.perf_counter()
            generate(
                users=users,
                posts=args.posts,
                likes=args.posts * 5,
                comments=args.posts,
                follows_per_user=300,
                password_hash=generate_password_hash(PASSWORD, "scrypt:256:8:1"),
            )
            print(f"  done in {time.perf_counter() - start:.0f} s")
        posts_per_page = app.config["POSTS_PER_PAGE"]
        page_50 = db.session.scalar(sa.select(sa.func.max(Post.id))) - 49 * posts_per_page
        following = db.session.scalar(sa.select(User.following_count).where(User.id == 1))

    client = app.test_client()
    login = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/login", data={"csrf_token": token, "username": "user1", "password": PASSWORD})
    baseline_client = app.test_client()

    baseline = timed(baseline_client, "/login", args.repeat)
    rows = [
        ("login page (no SQL)", baseline),
        ("feed, page 1", timed(client, "/", args.repeat)),
        ("feed, page 50", timed(client, f"/?before={page_50}", args.repeat)),
        (f"following ({following} people), page 1", timed(client, "/following", args.repeat)),
        ("profile, page 1", timed(client, "/u/user2", args.repeat)),
    ]
    print(
        f"\n{args.posts:,} posts on {sa.engine.make_url(url).get_backend_name()}, "
        f"median of {args.repeat}:"
    )
    for name, ms in rows:
        print(f"  {name:38} {ms:7.2f} ms   x{ms / baseline:5.1f} of the login page")
    print(f"  page 50 / page 1: {rows[2][1] / rows[1][1]:.2f}")


if __name__ == "__main__":
    main()
