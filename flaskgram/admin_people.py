"""What an admin does to people's accounts: find, approve, disable, enable, delete, promote.

Each action checks the actor is an admin (roles.require_admin), is written to the admin
log in the same transaction, and keeps at least one active admin (roles.LastAdmin).
"""

from dataclasses import dataclass

import sqlalchemy as sa

from . import accounts, admin_log, feeds, invitations, problems, recovery, roles, sessions
from .extensions import db
from .models import User


@dataclass
class PeoplePage:
    people: list[User]
    invited_by: dict[int, str]  # user id -> the inviter's username
    next_cursor: str | None


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(query: str, after: str, size: int) -> PeoplePage:
    """People whose username, display name or email starts with ``query``, by username.

    Paged by username like the other lists of people; two queries whatever the page size.
    """
    statement = sa.select(User).order_by(User.username)
    query = (query or "").strip().lower()
    if query:
        prefix = escape_like(query) + "%"
        statement = statement.where(
            sa.or_(
                User.username.like(prefix, escape="\\"),
                sa.func.lower(User.display_name).like(prefix, escape="\\"),
                User.email.like(prefix, escape="\\"),
            )
        )
    page = feeds.people_page(statement, after, size)
    inviters = invitations.invited_by([person.id for person in page.people])
    return PeoplePage(page.people, inviters, page.next_after)


def person_named(username: str) -> User:
    person = accounts.user_named(username)
    if person is None:
        raise problems.NotFound("There is nobody with that username.")
    return person


def approve(actor: User, person: User) -> None:
    """Let a pending account in."""
    if person.status != roles.PENDING:
        return  # approving twice, or an account that was never waiting: nothing to do
    person.status = roles.ACTIVE
    admin_log.record(actor, "approve", person.username)
    db.session.commit()


def disable(actor: User, person: User) -> None:
    """Log the account out everywhere at once and keep it out (SECURITY.md case 51)."""
    if person.status == roles.DISABLED:
        return
    roles.check_not_last_admin(person)
    person.status = roles.DISABLED
    admin_log.record(actor, "disable", person.username)
    sessions.end_all(person)  # in the same transaction, which it commits


def enable(actor: User, person: User) -> None:
    if person.status != roles.DISABLED:
        return
    person.status = roles.ACTIVE
    admin_log.record(actor, "enable", person.username)
    db.session.commit()


def make_admin(actor: User, person: User) -> None:
    if person.is_admin:
        return
    if person.status != roles.ACTIVE:
        raise problems.Conflict(
            "Only an active account can be made an admin: approve or enable it first."
        )
    person.is_admin = True
    admin_log.record(actor, "make_admin", person.username)
    db.session.commit()


def remove_admin(actor: User, person: User) -> None:
    if not person.is_admin:
        return
    roles.check_not_last_admin(person)
    person.is_admin = False
    admin_log.record(actor, "remove_admin", person.username)
    db.session.commit()


def reset_link(actor: User, person: User) -> recovery.ResetLink:
    """A one-time password-reset link for the person, for the admin to pass on by any
    channel (no mail server needed). Their older unused reset links stop working."""
    if person.status != roles.ACTIVE:
        raise problems.Conflict(
            "Only an active account can log in with a new password: approve or enable it first."
        )
    admin_log.record(actor, "reset_link", person.username)
    return recovery.create_reset_link(person, created_by=actor)  # commits the log entry too


def delete(actor: User, person: User) -> None:
    """Delete the account with everything in it, as its owner could."""
    roles.check_not_last_admin(person)
    admin_log.record(actor, "delete", person.username, "with everything in it")
    accounts.delete_everything(person)  # commits the log entry with the deletion
