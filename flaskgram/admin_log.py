"""The log of admin actions: who did what to whom, and when."""

from dataclasses import dataclass

import sqlalchemy as sa

from . import feeds
from .extensions import db
from .models import AdminAction, User

COMMAND_LINE = "(command line)"


def record(actor: User | str, action: str, subject: str = "", detail: str = "") -> None:
    """Add an entry to the current transaction: it commits with the action it records.

    ``actor`` is the admin, or a name such as COMMAND_LINE for `flask create-admin`.
    """
    name = actor if isinstance(actor, str) else actor.username
    db.session.add(AdminAction(actor=name, action=action, subject=subject, detail=detail[:200]))


@dataclass
class LogPage:
    entries: list[AdminAction]
    next_cursor: int | None


def log_page(before: int | None, size: int) -> LogPage:
    """Up to ``size`` entries older than the cursor (an entry's id), newest first."""
    query = sa.select(AdminAction).order_by(AdminAction.id.desc())
    if before is not None:
        query = query.where(AdminAction.id < max(0, min(before, feeds.LARGEST_ID)))
    entries, more = feeds.first_rows(query, size)
    return LogPage(entries, entries[-1].id if more else None)
