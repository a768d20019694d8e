"""Explore: recent popular posts by people the viewer doesn't follow.

Cheap at any size: the window is the posts of the last EXPLORE_DAYS days, found by
their first id (one step into ix_posts_created_at), and at most EXPLORE_WINDOW of the
newest of those are ranked, by their stored like count. So a page reads a bounded stretch
of the primary key and sorts at most EXPLORE_WINDOW rows: never a scan of every post,
never a count of likes.
"""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from . import feeds
from .feeds import LARGEST_ID, Page, first_rows, with_photos
from .models import Follow, Post, User, utcnow

EXPLORE_DAYS = 7
EXPLORE_WINDOW = 1000


def parse_cursor(cursor: str | None) -> tuple[int, int] | None:
    """A cursor is "<like count>.<post id>" of the last post shown; anything else is none."""
    likes, _, post_id = (cursor or "").partition(".")
    if not (likes.isdigit() and post_id.isdigit()) or len(likes) > 18 or len(post_id) > 19:
        return None
    return int(likes), min(int(post_id), LARGEST_ID)


def explore_page(viewer: User, cursor: str | None, size: int) -> tuple[Page, str | None]:
    """Up to ``size`` posts, most liked first (newest first among equals), after the cursor."""
    since = utcnow() - timedelta(days=EXPLORE_DAYS)
    first_recent = (
        sa.select(Post.id)
        .where(Post.created_at >= since)
        .order_by(Post.created_at)
        .limit(1)
        .scalar_subquery()
    )
    followed = sa.select(Follow.followee_id).where(Follow.follower_id == viewer.id)
    window = (
        feeds.visible_posts(viewer)
        .with_only_columns(Post.id)
        .where(Post.id >= first_recent, Post.created_at >= since)
        .where(Post.user_id != viewer.id, Post.user_id.not_in(followed))
        .order_by(Post.id.desc())
        .limit(EXPLORE_WINDOW)
        .subquery()
    )
    query = (
        sa.select(Post)
        .where(Post.id.in_(sa.select(window.c.id)))
        .options(selectinload(Post.author))
        .order_by(Post.like_count.desc(), Post.id.desc())
    )
    after = parse_cursor(cursor)
    if after is not None:
        likes, post_id = after
        query = query.where(
            sa.or_(Post.like_count < likes, sa.and_(Post.like_count == likes, Post.id < post_id))
        )
    posts, more = first_rows(with_photos(query), size)
    last = posts[-1] if posts and more else None
    return Page(posts, None), (f"{last.like_count}.{last.id}" if last else None)
