"""Rules for following people, with the follower and following counts kept beside them."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import notifications
from .counts import add_to_count
from .database import rows_changed
from .extensions import db
from .models import Follow, User
from .problems import Invalid


class CannotFollowSelf(Invalid):
    """Following yourself is refused."""


def is_following(follower: User, followee: User) -> bool:
    query = sa.select(Follow.follower_id).where(
        Follow.follower_id == follower.id, Follow.followee_id == followee.id
    )
    return db.session.scalar(query) is not None


def follow(follower: User, followee: User) -> None:
    """Follow someone; following them again changes nothing, even when requests race."""
    if follower.id == followee.id:
        raise CannotFollowSelf("You can't follow yourself.")
    if is_following(follower, followee):
        return
    # Lock the followee's row first (as likes.like_post does) so racing follows queue.
    # The notification's row may flush at any statement here, so all are in the try.
    try:
        notifications.notify(followee.id, follower, notifications.FOLLOW)
        add_to_count(User.follower_count, followee.id, +1)
        add_to_count(User.following_count, follower.id, +1)
        db.session.add(Follow(follower_id=follower.id, followee_id=followee.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent identical follow won, or they left the site


def unfollow(follower: User, followee: User) -> None:
    if not is_following(follower, followee):
        return
    notifications.withdraw_follow(follower, followee)
    add_to_count(User.follower_count, followee.id, -1)
    add_to_count(User.following_count, follower.id, -1)
    deleted = rows_changed(
        sa.delete(Follow).where(
            Follow.follower_id == follower.id, Follow.followee_id == followee.id
        )
    )
    if deleted == 1:
        db.session.commit()
    else:
        db.session.rollback()


def uncount_follows_of(user: User) -> None:
    """Take a leaving user's follows, both ways, out of other people's counts.

    Part of deleting the account, in the caller's transaction.
    """
    followees = sa.select(Follow.followee_id).where(Follow.follower_id == user.id)
    followers = sa.select(Follow.follower_id).where(Follow.followee_id == user.id)
    db.session.execute(
        sa.update(User)
        .where(User.id.in_(followees))
        .values(follower_count=User.follower_count - 1)
    )
    db.session.execute(
        sa.update(User)
        .where(User.id.in_(followers))
        .values(following_count=User.following_count - 1)
    )


def followers_of(user: User) -> sa.Select:
    """The user's followers, in username order (the lists page by username)."""
    return (
        sa.select(User)
        .join(Follow, Follow.follower_id == User.id)
        .where(Follow.followee_id == user.id)
        .order_by(User.username)
    )


def followed_by(user: User) -> sa.Select:
    """The people the user follows, in username order."""
    return (
        sa.select(User)
        .join(Follow, Follow.followee_id == User.id)
        .where(Follow.follower_id == user.id)
        .order_by(User.username)
    )


def following_ids(viewer: User, user_ids: list[int]) -> set[int]:
    """Which of these users the viewer follows, in one query."""
    if not user_ids:
        return set()
    query = sa.select(Follow.followee_id).where(
        Follow.follower_id == viewer.id, Follow.followee_id.in_(user_ids)
    )
    return set(db.session.scalars(query))
