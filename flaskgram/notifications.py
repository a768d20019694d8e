"""Telling people what others did to them: likes, comments, follows and mentions.

A notification costs its action one UPDATE (the recipient's stored unread count, which also
checks they want this kind) and, if they do, one INSERT, in the action's transaction. The
recipient's row is locked first, as posts.add_post and accounts.lock_user do, so concurrent
writers queue on it instead of deadlocking. Undoing the action takes its notification
back, unread count and all (withdraw). The notifications page groups a page's likes of one
post, and its follows, into one line ("ada and 3 others liked your photo").
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .database import rows_changed
from .extensions import db
from .models import Comment, Notification, Post, User

LIKE, COMMENT, FOLLOW, MENTION = "like", "comment", "follow", "mention"
# Each kind, the setting that turns it off, and its name in the settings and the API.
SETTINGS = {
    LIKE: (User.notify_likes, "likes"),
    COMMENT: (User.notify_comments, "comments"),
    FOLLOW: (User.notify_follows, "follows"),
    MENTION: (User.notify_mentions, "mentions"),
}
GROUPED = (LIKE, FOLLOW)  # kinds whose notifications on a page share one line


def notify(
    recipient_id: int,
    actor: User,
    kind: str,
    post: Post | None = None,
    comment: Comment | None = None,
) -> None:
    """Tell the recipient, if they want this kind and it isn't their own doing.

    The post and comment may be new: the notification's row is written after theirs,
    when the session flushes.
    """
    notify_all([recipient_id], actor, kind, post, comment)


def notify_all(
    recipient_ids: list[int],
    actor: User,
    kind: str,
    post: Post | None = None,
    comment: Comment | None = None,
) -> None:
    """Tell each of these people who wants this kind: one UPDATE and one INSERT in all."""
    ids = sorted(set(recipient_ids) - {actor.id})
    if not ids:
        return
    wanted = SETTINGS[kind][0]
    where = [User.id == ids[0]] if len(ids) == 1 else [User.id.in_(ids)]
    counted = rows_changed(
        sa.update(User)
        .where(*where, wanted.is_(True))
        .values(unread_notification_count=User.unread_notification_count + 1)
    )
    if not counted:
        return
    if counted < len(ids):  # some turned this kind off: ask which (rare)
        ids = list(db.session.scalars(sa.select(User.id).where(*where, wanted.is_(True))))
    db.session.add_all(
        Notification(user_id=i, actor_id=actor.id, kind=kind, post=post, comment=comment)
        for i in ids
    )


def uncount(*conditions) -> None:
    """Take the unread notifications matching the conditions out of their unread counts.

    For notifications about to be deleted, by withdraw or by a cascade (a post or account
    deleted), in the caller's transaction.
    """
    unread = sa.and_(*conditions, Notification.is_read.is_(False))
    theirs = (
        sa.select(sa.func.count())
        .where(Notification.user_id == User.id, unread)
        .correlate(User)
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(User)
        .where(User.id.in_(sa.select(Notification.user_id).where(unread)))
        .values(unread_notification_count=User.unread_notification_count - theirs)
        .execution_options(synchronize_session=False)
    )


def withdraw(*conditions) -> None:
    """Delete the notifications matching the conditions (an undone like, an unfollow)."""
    uncount(*conditions)
    db.session.execute(sa.delete(Notification).where(*conditions))


def withdraw_like(actor: User, post: Post) -> None:
    withdraw(
        Notification.kind == LIKE,
        Notification.actor_id == actor.id,
        Notification.post_id == post.id,
    )


def withdraw_follow(follower: User, followee: User) -> None:
    withdraw(
        Notification.kind == FOLLOW,
        Notification.actor_id == follower.id,
        Notification.user_id == followee.id,
    )


def mark_read(user: User, up_to: int | None = None) -> None:
    """Mark the user's notifications read, all of them or those up to an id."""
    from .feeds import LARGEST_ID  # feeds imports posts, which imports this module

    unread = [Notification.user_id == user.id, Notification.is_read.is_(False)]
    if up_to is not None:
        unread.append(Notification.id <= max(0, min(up_to, LARGEST_ID)))
    uncount(*unread)  # locks the user's row first, as notify does
    db.session.execute(sa.update(Notification).where(*unread).values(is_read=True))
    db.session.commit()
    db.session.refresh(user, ["unread_notification_count"])


def preferences_of(user: User) -> dict[str, bool]:
    return {name: bool(getattr(user, column.key)) for column, name in SETTINGS.values()}


def set_preferences(user: User, choices: dict[str, bool]) -> None:
    """Turn kinds of notification on or off (``{"likes": False, ...}``; others unchanged)."""
    for column, name in SETTINGS.values():
        if name in choices:
            setattr(user, column.key, bool(choices[name]))
    db.session.commit()


@dataclass
class Group:
    """One line of the notifications page: a notification, or several grouped."""

    id: int  # the newest's
    kind: str
    actors: list[User]
    created_at: datetime
    unread: bool
    post: Post | None = None
    comment: Comment | None = None
    ids: list[int] = field(default_factory=list)

    @property
    def others(self) -> int:
        return len(self.actors) - 1


@dataclass
class Page:
    groups: list[Group]
    next_cursor: int | None


def page_of(user: User, before: int | None, size: int) -> Page:
    """A page of the user's notifications, newest first, in five queries whatever its size."""
    query = (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .options(
            selectinload(Notification.actor),
            selectinload(Notification.post).selectinload(Post.images),
            selectinload(Notification.comment),
        )
        .order_by(Notification.id.desc())
    )
    if before is not None:
        from .feeds import LARGEST_ID

        query = query.where(Notification.id < max(0, min(before, LARGEST_ID)))
    rows = list(db.session.scalars(query.limit(size + 1)))
    shown = rows[:size]
    return Page(grouped(shown), shown[-1].id if len(rows) > size else None)


def grouped(notifications: list[Notification]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for n in notifications:  # newest first
        key = (n.kind, n.post_id) if n.kind in GROUPED else (n.kind, n.id)
        group = groups.get(key)
        if group is None:
            groups[key] = Group(
                n.id, n.kind, [n.actor], n.created_at, not n.is_read, n.post, n.comment, [n.id]
            )
        # By id: UserMixin compares users by their login session, which these lack.
        elif n.actor_id not in {actor.id for actor in group.actors}:
            group.actors.append(n.actor)
            group.unread = group.unread or not n.is_read
            group.ids.append(n.id)
    return list(groups.values())


def describe(group: Group) -> str:
    """What happened, after the actors' names: "liked your photo"."""
    return {
        LIKE: "liked your post.",
        COMMENT: "commented on your post:",
        FOLLOW: "started following you.",
        MENTION: "mentioned you in a comment:" if group.comment else "mentioned you in a post.",
    }[group.kind]
