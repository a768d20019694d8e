"""Fill an empty Flaskgram database with a realistic site, quickly.

Usage:  python bench/generate.py [--database sqlite|mariadb|URL] [--size small|default]
                                 [--users N] [--posts N] [--likes N] [--comments N]

The default size is 10,000 people, 1,000,000 posts, 5,000,000 likes and 1,000,000
comments. Rows go in with bulk INSERTs (no ORM objects, one password hash for everyone),
and every stored count is computed while the rows are planned, so pages read exactly what
a real site would hold. The shape is a real site's, not a uniform one:

- posts are spread over two years, ids rising with time, and a few people post far more
  than the rest;
- likes and comments go mostly to recent posts (their age is exponential, a month on
  average); one post (a year old) has 200 comments, the most of any, for the post page's
  benchmark;
- everyone follows 10 to 150 people; the first 1% (user1, user2, ...) follow 500;
- every caption has #sea and one of #walk0 to #walk99; every like, comment and follow
  told its receiver, and the last 30 days' notifications are unread.

Photos are https:// addresses that are never fetched: the benchmark measures pages and
the database, not Pillow.
"""

import argparse
import itertools
import random
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flaskgram.extensions import db
from flaskgram.models import (
    Comment,
    Follow,
    Like,
    Notification,
    Post,
    PostImage,
    PostTag,
    Tag,
    User,
    utcnow,
)
from flaskgram.notifications import COMMENT, FOLLOW, LIKE

BATCH = 10_000
DAYS = 730  # the site's age: posts are spread over it
UNREAD_DAYS = 30
TAGS = 100  # besides #sea, which every post has: #walk0 to #walk99
HEAVY_FOLLOWING = 500
BUSY_POST_COMMENTS = 200
RECENT_SHARE = 1 / 24  # a month of the two years: likes and comments go mostly there
PASSWORD = "benchmark password"  # noqa: S105 (every generated person's, for logging in)
CHEAP_HASH = "scrypt:256:8:1"  # one hash for all; checking it costs nothing at login


@dataclass(frozen=True)
class Size:
    users: int
    posts: int
    likes: int
    comments: int


SIZES = {
    "small": Size(users=1_000, posts=20_000, likes=100_000, comments=20_000),
    "default": Size(users=10_000, posts=1_000_000, likes=5_000_000, comments=1_000_000),
}


def skewed(rng: random.Random, n: int, power: float) -> int:
    """A number from 1 to n, the high ones (the recent posts) far more often than the low."""
    return n - int(n * rng.random() ** power)


def recent_post(rng: random.Random, posts: int) -> int:
    """A post, recent ones far more often: its age is exponential, a month on average
    (RECENT_SHARE of the posts). skewed() would give the newest post alone 1% of all."""
    return max(1, posts - int(rng.expovariate(1 / max(1.0, posts * RECENT_SHARE))))


@dataclass
class Plan:
    """Every row's choices, made before inserting, so the stored counts come out right."""

    size: Size
    seed: int

    def __post_init__(self):
        size, rng = self.size, random.Random(self.seed)
        self.rng = rng
        # A few prolific authors: the author of post i is skewed towards low user ids.
        self.authors = array("i", (skewed(rng, size.users, 0.5) for _ in range(size.posts)))
        self.post_count = array("i", bytes(4 * (size.users + 1)))
        for author in self.authors:
            self.post_count[author] += 1
        self.like_count = array("i", bytes(4 * (size.posts + 1)))
        self.comment_count = array("i", bytes(4 * (size.posts + 1)))
        # A year old, so the recent comments don't add to its 200: the busiest post.
        self.busy_post = max(1, size.posts // 2)
        self.likes = self.plan_likes()
        self.comments = self.plan_comments()
        self.comment_authors = array("i", (rng.randint(1, size.users) for _ in self.comments))
        self.follows = self.plan_follows()
        self.unread = array("i", bytes(4 * (size.users + 1)))
        # Notifications older than this post were read (about the last month's are not).
        self.read_before = size.posts - size.posts * UNREAD_DAYS // DAYS

    def notifications(self) -> Iterator[tuple[int, int, str, int | None, int | None]]:
        """(recipient, actor, kind, post, comment) for every like, comment and follow that
        tells someone, oldest first (ids rise with time, as the app writes them)."""
        size, authors = self.size, self.authors
        told: list[tuple[int, int, int, str, int | None]] = []  # (post, recipient, actor, ...)
        for pair in self.likes:
            user, post = divmod(pair, size.posts + 1)
            if authors[post - 1] != user:
                told.append((post, authors[post - 1], user, LIKE, None))
        for comment, (post, author) in enumerate(
            zip(self.comments, self.comment_authors, strict=True), 1
        ):
            if authors[post - 1] != author:
                told.append((post, authors[post - 1], author, COMMENT, comment))
        told.sort(key=lambda row: row[0])
        for follower, followee in self.follows:  # made when the site began: all read
            yield followee, follower, FOLLOW, None, None
        for post, recipient, actor, kind, comment in told:
            if post >= self.read_before:
                self.unread[recipient] += 1
            yield recipient, actor, kind, post, comment

    def plan_likes(self) -> array:
        """Distinct (user, post) pairs, encoded as user * (posts + 1) + post, sorted."""
        size, rng, chosen = self.size, self.rng, set()
        limit = min(size.likes, size.users * size.posts)
        while len(chosen) < limit:
            user, post = rng.randint(1, size.users), recent_post(rng, size.posts)
            chosen.add(user * (size.posts + 1) + post)
        pairs = array("q", sorted(chosen))
        for pair in pairs:
            self.like_count[pair % (size.posts + 1)] += 1
        return pairs

    def plan_comments(self) -> array:
        size, rng = self.size, self.rng
        busy = min(BUSY_POST_COMMENTS, size.comments)
        posts = [self.busy_post] * busy
        posts += [recent_post(rng, size.posts) for _ in range(size.comments - busy)]
        posts.sort()  # comment ids rise with their post's, as they would with time
        for post in posts:
            self.comment_count[post] += 1
        return array("i", posts)

    def plan_follows(self) -> list[tuple[int, int]]:
        size, rng = self.size, self.rng
        heavy = max(1, size.users // 100)
        pairs = []
        for follower in range(1, size.users + 1):
            wanted = HEAVY_FOLLOWING if follower <= heavy else rng.randint(10, 150)
            others = rng.sample(range(1, size.users + 1), min(wanted + 1, size.users))
            pairs += [(follower, followee) for followee in others if followee != follower][:wanted]
        self.following_count = array("i", bytes(4 * (size.users + 1)))
        self.follower_count = array("i", bytes(4 * (size.users + 1)))
        for follower, followee in pairs:
            self.following_count[follower] += 1
            self.follower_count[followee] += 1
        return pairs


def insert_in_batches(connection, table: sa.Table, rows: Iterable[dict]) -> int:
    """INSERT the rows a batch at a time through the driver itself: SQLAlchemy's per-row
    work (types, dictionaries) would take most of the time at these sizes."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    statement, total = None, 0
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        if statement is None:
            columns = list(batch[0])
            names, markers = ", ".join(columns), ", ".join([marker] * len(columns))
            # Names from our own tables; the values are bound by the driver.
            statement = f"INSERT INTO {table.name} ({names}) VALUES ({markers})"  # noqa: S608
        cursor.executemany(statement, [tuple(row.values()) for row in batch])
        total += len(batch)
    cursor.close()
    return total


def stamp(moment: datetime) -> str:
    """A UTC time as both databases store it (models.UTCDateTime), for the driver."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(size: Size, *, password_hash: str, seed: int = 1, say=print) -> Plan:
    """Plan the site, then insert it table by table; return the plan (for the benchmark)."""
    started = time.perf_counter()
    plan = Plan(size, seed)
    say(f"  planned in {time.perf_counter() - started:.0f} s")
    now = utcnow()
    start = now - timedelta(days=DAYS)
    step = (now - start) / max(size.posts, 1)

    def posted_at(post: int) -> str:
        return stamp(start + step * post)

    def users() -> Iterator[dict]:
        for i in range(1, size.users + 1):
            yield {
                "id": i,
                "username": f"user{i}",
                "email": f"user{i}@example.com",
                "password_hash": password_hash,
                "display_name": f"Person {i}",
                "bio": "",
                "post_count": plan.post_count[i],
                "follower_count": plan.follower_count[i],
                "following_count": plan.following_count[i],
                "created_at": stamp(start),
            }

    def posts() -> Iterator[dict]:
        for i in range(1, size.posts + 1):
            yield {
                "id": i,
                "user_id": plan.authors[i - 1],
                "caption": f"Post number {i} from a walk by the sea #sea #walk{i % 100} 📷",
                "like_count": plan.like_count[i],
                "comment_count": plan.comment_count[i],
                "created_at": posted_at(i),
            }

    def images() -> Iterator[dict]:
        for i in range(1, size.posts + 1):
            yield {
                "id": i,
                "post_id": i,
                "position": 1,
                "remote_url": f"https://images.example.com/{i}.jpg",
                "alt_text": "",
            }

    def likes() -> Iterator[dict]:
        for pair in plan.likes:
            user, post = divmod(pair, size.posts + 1)
            yield {"user_id": user, "post_id": post, "created_at": posted_at(post)}

    def comments() -> Iterator[dict]:
        for i, post in enumerate(plan.comments, start=1):
            yield {
                "id": i,
                "post_id": post,
                "user_id": plan.comment_authors[i - 1],
                "body": "Nice shot!",
                "created_at": posted_at(post),
            }

    def tags() -> Iterator[dict]:
        yield {"id": 1, "name": "sea", "post_count": size.posts}
        for k in range(TAGS):
            tagged = len(range(k or TAGS, size.posts + 1, TAGS))  # the posts i % TAGS == k
            yield {"id": 2 + k, "name": f"walk{k}", "post_count": tagged}

    def post_tags() -> Iterator[dict]:
        for i in range(1, size.posts + 1):
            yield {"post_id": i, "tag_id": 1}
            yield {"post_id": i, "tag_id": 2 + i % TAGS}

    def notifications() -> Iterator[dict]:
        for n, (recipient, actor, kind, post, comment) in enumerate(plan.notifications(), 1):
            yield {
                "id": n,
                "user_id": recipient,
                "actor_id": actor,
                "kind": kind,
                "post_id": post,
                "comment_id": comment,
                "is_read": post is None or post < plan.read_before,
                "created_at": stamp(start) if post is None else posted_at(post),
            }

    def follows() -> Iterator[dict]:
        for follower, followee in plan.follows:
            yield {"follower_id": follower, "followee_id": followee, "created_at": stamp(start)}

    with db.engine.begin() as connection:
        fast_bulk_load(connection)
        for table, rows in (
            (User.__table__, users()),
            (Post.__table__, posts()),
            (PostImage.__table__, images()),
            (Like.__table__, likes()),
            (Comment.__table__, comments()),
            (Follow.__table__, follows()),
            (Tag.__table__, tags()),
            (PostTag.__table__, post_tags()),
            (Notification.__table__, notifications()),
        ):
            began = time.perf_counter()
            count = insert_in_batches(connection, table, rows)
            say(f"  {table.name}: {count:,} rows in {time.perf_counter() - began:.0f} s")
        set_unread_counts(connection, plan)
    return plan


def set_unread_counts(connection, plan: Plan) -> None:
    """The stored unread count of everyone told of something in the last month."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    cursor.executemany(
        f"UPDATE users SET unread_notification_count = {marker} WHERE id = {marker}",  # noqa: S608
        [(count, user) for user, count in enumerate(plan.unread) if count],
    )
    cursor.close()


def fast_bulk_load(connection) -> None:
    """Skip checks the generator makes true by itself (this connection only)."""
    if connection.dialect.name == "mysql":
        connection.exec_driver_sql("SET unique_checks = 0, foreign_key_checks = 0")
    else:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")


def parse_size(argv: list[str] | None = None) -> tuple[argparse.Namespace, Size]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default="sqlite",
        help='"sqlite" (a file in /tmp), "mariadb" (the local server) or a database URL',
    )
    parser.add_argument("--size", choices=SIZES, default="default")
    for field in ("users", "posts", "likes", "comments"):
        parser.add_argument(f"--{field}", type=int, help=f"override the size's {field}")
    args, _ = parser.parse_known_args(argv)
    size = SIZES[args.size]
    chosen = {f: getattr(args, f) for f in ("users", "posts", "likes", "comments")}
    return args, replace(size, **{f: n for f, n in chosen.items() if n is not None})


def main() -> None:
    from bench_site import open_site
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    args, size = parse_size()
    app, url = open_site(args.database, size)
    with app.app_context():
        upgrade()
        if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            sys.exit(f"{url} already holds people: generate into an empty database")
        print(f"generating {size} into {url}")
        began = time.perf_counter()
        generate(size, password_hash=generate_password_hash(PASSWORD, CHEAP_HASH))
        print(f"done in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
