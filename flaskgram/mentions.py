"""Mentions: ``@username`` in a caption or a comment links to that person and tells them.

Only the first limits.MENTIONS_PER_TEXT_MAX different names of a text count; a name
nobody has stays plain text. The API returns texts as typed: clients find the names
with the same pattern (MENTION) and link those that are people.
"""

import re
from collections.abc import Iterable

import sqlalchemy as sa

from . import limits, notifications
from .extensions import db
from .models import Comment, Notification, Post, User

# A username after an "@" that doesn't follow a letter, a digit or an "@" (so an email
# address mentions nobody); a name can't end with a dot, so a sentence's full stop isn't one.
MENTION = re.compile(rf"(?<![\w@])@([A-Za-z0-9._]{{{limits.USERNAME_MIN},64}})")


def name_of(match: re.Match) -> str:
    return match.group(1).rstrip(".").lower()


def names_in(text: str) -> list[str]:
    """The names a text mentions, lowercase, in order, each once, at most the limit."""
    names: list[str] = []
    for match in MENTION.finditer(text or ""):
        name = name_of(match)
        if limits.USERNAME_MIN <= len(name) <= limits.USERNAME_MAX and name not in names:
            names.append(name)
            if len(names) == limits.MENTIONS_PER_TEXT_MAX:
                break
    return names


def known_names(texts: Iterable[str]) -> frozenset[str]:
    """Which names mentioned in these texts are people: one query for a whole page."""
    names = {name for text in texts for name in names_in(text)}
    if not names:
        return frozenset()
    return frozenset(db.session.scalars(sa.select(User.username).where(User.username.in_(names))))


def people_mentioned(text: str) -> list[int]:
    names = names_in(text)
    if not names:
        return []
    return list(db.session.scalars(sa.select(User.id).where(User.username.in_(names))))


def notify_mentioned(
    text: str, author: User, post: Post, comment: Comment | None = None, *, before: str = ""
) -> None:
    """Tell the people the text mentions (and ``before``, an edited text's old words, didn't)."""
    already = set(names_in(before))
    if not set(names_in(text)) - already:
        return
    ids = people_mentioned(text)
    if already:
        ids = sorted(set(ids) - set(people_mentioned(before)))
    notifications.notify_all(ids, author, notifications.MENTION, post, comment)


def withdraw_unmentioned(post: Post, before: str, after: str) -> None:
    """Take back the mentions an edit removed from a caption."""
    gone = set(names_in(before)) - set(names_in(after))
    if not gone:
        return
    ids = list(db.session.scalars(sa.select(User.id).where(User.username.in_(gone))))
    if ids:
        notifications.withdraw(
            Notification.kind == notifications.MENTION,
            Notification.post_id == post.id,
            Notification.comment_id.is_(None),
            Notification.user_id.in_(ids),
        )
