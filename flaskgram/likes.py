"""Liking posts, with each post's like count kept beside its likes."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import notifications
from .counts import add_to_count
from .database import rows_changed
from .extensions import db
from .models import Like, Post, User


def has_liked(user: User, post_id: int) -> bool:
    liked = sa.select(Like.post_id).where(Like.user_id == user.id, Like.post_id == post_id)
    return db.session.scalar(liked) is not None


def like_post(user: User, post: Post) -> None:
    """Like a post; liking it again changes nothing, even when requests race."""
    if has_liked(user, post.id):
        return
    # The author's row first (their unread count), then the post's: the order every
    # writer takes them in (posts.delete_post too), so racing writers queue, not deadlock.
    # The notification's row may flush at any statement here, so all are in the try.
    try:
        notifications.notify(post.user_id, user, notifications.LIKE, post)
        add_to_count(Post.like_count, post.id, +1)
        db.session.add(Like(user_id=user.id, post_id=post.id))
        db.session.commit()
    except IntegrityError:
        # A concurrent identical like won (our count went with it), or the post was
        # deleted meanwhile: either way there is nothing more to like.
        db.session.rollback()


def unlike_post(user: User, post: Post) -> None:
    if not has_liked(user, post.id):
        return
    notifications.withdraw_like(user, post)
    add_to_count(Post.like_count, post.id, -1)
    deleted = rows_changed(sa.delete(Like).where(Like.user_id == user.id, Like.post_id == post.id))
    if deleted == 1:
        db.session.commit()
    else:
        db.session.rollback()  # a concurrent unlike got there first


def uncount_likes_of(user: User) -> None:
    """Take a leaving user's likes out of other people's like counts.

    Part of deleting the account: the caller deletes the user (the rows cascade) and
    commits, in the same transaction.
    """
    liked = sa.select(Like.post_id).where(Like.user_id == user.id)
    db.session.execute(
        sa.update(Post)
        .where(Post.id.in_(liked), Post.user_id != user.id)
        .values(like_count=Post.like_count - 1)
    )
