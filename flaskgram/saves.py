"""Saving posts to look at later. What someone saved is theirs alone: no page, count or
API answer ever shows it to anyone else."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import Post, SavedPost, User


def has_saved(user: User, post_id: int) -> bool:
    saved = sa.select(SavedPost.id).where(
        SavedPost.user_id == user.id, SavedPost.post_id == post_id
    )
    return db.session.scalar(saved) is not None


def save_post(user: User, post: Post) -> None:
    """Save a post; saving it again changes nothing, even when requests race."""
    if has_saved(user, post.id):
        return
    db.session.add(SavedPost(user_id=user.id, post_id=post.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent identical save won, or the post just went


def unsave_post(user: User, post: Post) -> None:
    """Take a post out of the user's saved posts; doing it again changes nothing."""
    db.session.execute(
        sa.delete(SavedPost).where(SavedPost.user_id == user.id, SavedPost.post_id == post.id)
    )
    db.session.commit()


def saved_post_ids(viewer: User, post_ids: list[int]) -> set[int]:
    """Which of these posts the viewer saved, in one query."""
    if not post_ids:
        return set()
    query = sa.select(SavedPost.post_id).where(
        SavedPost.user_id == viewer.id, SavedPost.post_id.in_(post_ids)
    )
    return set(db.session.scalars(query))
