"""Fill a database with many users, posts, likes, comments and follows, quickly.

Rows go in with bulk INSERTs (no ORM objects, no password hashing per user), and the
stored counts are set to match, so pages read exactly what a real site would hold.
Posts point at https:// image addresses: the benchmark measures the database, not Pillow.
"""

import random

import sqlalchemy as sa

from flaskgram.extensions import db
from flaskgram.models import Comment, Follow, Like, Post, User, utcnow

BATCH = 5_000


def insert_in_batches(table, rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            db.session.execute(sa.insert(table), batch)
            batch.clear()
    if batch:
        db.session.execute(sa.insert(table), batch)
    db.session.commit()


def generate(
    *,
    users: int,
    posts: int,
    likes: int,
    comments: int,
    follows_per_user: int,
    password_hash: str,
    seed: int = 1,
) -> None:
    rng = random.Random(seed)
    now = utcnow()
    insert_in_batches(
        User.__table__,
        (
            {
                "id": i,
                "username": f"user{i}",
                "email": f"user{i}@example.com",
                "password_hash": password_hash,
                "display_name": "",
                "bio": "",
                "created_at": now,
            }
            for i in range(1, users + 1)
        ),
    )
    insert_in_batches(
        Post.__table__,
        (
            {
                "id": i,
                "user_id": rng.randint(1, users),
                "caption": f"Post number {i} 📷",
                "alt_text": "",
                "image_url": f"https://images.example.com/{i}.jpg",
                "created_at": now,
            }
            for i in range(1, posts + 1)
        ),
    )
    seen = set()

    def like_rows():
        while len(seen) < likes:
            pair = (rng.randint(1, users), rng.randint(1, posts))
            if pair not in seen:
                seen.add(pair)
                yield {"user_id": pair[0], "post_id": pair[1], "created_at": now}

    insert_in_batches(Like.__table__, like_rows())
    insert_in_batches(
        Comment.__table__,
        (
            {
                "post_id": rng.randint(1, posts),
                "user_id": rng.randint(1, users),
                "body": "Nice shot!",
                "created_at": now,
            }
            for _ in range(comments)
        ),
    )
    follow_pairs = {
        (follower, rng.randint(1, users))
        for follower in range(1, users + 1)
        for _ in range(follows_per_user)
    }
    insert_in_batches(
        Follow.__table__,
        (
            {"follower_id": a, "followee_id": b, "created_at": now}
            for a, b in follow_pairs
            if a != b
        ),
    )
    recount()


def recount() -> None:
    """Set every stored count from the rows, as the app would have kept them."""
    for column, counted, key in (
        (Post.like_count, Like, Like.post_id),
        (Post.comment_count, Comment, Comment.post_id),
        (User.post_count, Post, Post.user_id),
        (User.follower_count, Follow, Follow.followee_id),
        (User.following_count, Follow, Follow.follower_id),
    ):
        owner = column.class_
        total = (
            sa.select(sa.func.count())
            .select_from(counted)
            .where(key == owner.id)
            .scalar_subquery()
        )
        db.session.execute(sa.update(owner).values({column: total}))
        db.session.commit()
