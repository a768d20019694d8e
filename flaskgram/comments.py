"""Comments: who may delete one, adding and deleting them, and reading a post's comments."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from . import mentions, notifications, validation
from .counts import add_to_count
from .database import rows_changed
from .extensions import db
from .feeds import LARGEST_ID, first_rows
from .models import Comment, Notification, Post, User
from .posts import PostGone


def can_delete_comment(user: User, comment: Comment, post: Post) -> bool:
    return user.id in (comment.user_id, post.user_id)


def add_comment(author: User, post: Post, body: str | None) -> Comment:
    """Add a comment, or raise PostGone if the post was deleted meanwhile."""
    comment = Comment(post_id=post.id, user_id=author.id, body=validation.clean_comment(body))
    # The post author's row first (likes.like_post says why); the rows of the people it
    # mentions next. The notifications are written after the comment, when it flushes,
    # which may be at any of the statements below: all of them are in the try.
    try:
        notifications.notify(post.user_id, author, notifications.COMMENT, post, comment)
        mentions.notify_mentioned(comment.body, author, post, comment)
        add_to_count(Post.comment_count, post.id, +1)
        db.session.add(comment)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the post's row is gone: a concurrent delete won
        raise PostGone from None
    return comment


def delete_comment(comment: Comment) -> None:
    # Its notifications go with it (ON DELETE CASCADE), unread counts first.
    notifications.uncount(Notification.comment_id == comment.id)
    add_to_count(Post.comment_count, comment.post_id, -1)
    deleted = rows_changed(sa.delete(Comment).where(Comment.id == comment.id))
    if deleted == 1:
        db.session.commit()
    else:
        db.session.rollback()


def uncount_comments_of(user: User) -> None:
    """Take a leaving user's comments out of other people's comment counts.

    Part of deleting the account, in the caller's transaction (see likes.uncount_likes_of).
    """
    their_comments = (
        sa.select(sa.func.count())
        .where(Comment.post_id == Post.id, Comment.user_id == user.id)
        .scalar_subquery()
    )
    commented = sa.select(Comment.post_id).where(Comment.user_id == user.id)
    db.session.execute(
        sa.update(Post)
        .where(Post.id.in_(commented), Post.user_id != user.id)
        .values(comment_count=Post.comment_count - their_comments)
    )


def comment_of(post: Post, comment_id: int) -> Comment | None:
    """The comment with this id, if it is one of the post's."""
    comment = db.session.get(Comment, comment_id)
    return comment if comment is not None and comment.post_id == post.id else None


@dataclass
class CommentPage:
    comments: list[Comment]
    next_after: int | None


def comments_page(post: Post, after: int | None, size: int) -> CommentPage:
    """Take up to ``size`` of a post's comments, oldest first, newer than the cursor (an id)."""
    query = (
        sa.select(Comment)
        .where(Comment.post_id == post.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.id)
    )
    if after is not None:
        query = query.where(Comment.id > max(0, min(after, LARGEST_ID)))
    comments, more = first_rows(query, size)
    return CommentPage(comments, comments[-1].id if more else None)
