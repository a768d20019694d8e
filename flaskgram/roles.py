"""Who may run the site, and which accounts may log in: the one place roles are decided.

Every admin page (web/admin) and admin API call (api/admin.py) asks ``require_admin``.
An account is "active", "pending" (signed up in approval mode, waiting for an admin) or
"disabled" (by an admin: logged out everywhere, and it cannot log in).
"""

import sqlalchemy as sa

from . import admin_log, problems
from .database import rows_changed
from .extensions import db
from .models import User

ACTIVE, PENDING, DISABLED = "active", "pending", "disabled"
STATUSES = (ACTIVE, PENDING, DISABLED)


class NotAdmin(problems.NotFound):
    """Not an admin: the admin area answers as if it did not exist (SECURITY.md case 49)."""

    default_message = "We couldn't find that page."


class LastAdmin(problems.Conflict):
    code = "last_admin"
    default_message = (
        "This is the site's last admin: make someone else an admin first, "
        "or the site would have nobody to run it."
    )


class AccountDisabled(problems.Problem):
    status, code = 403, "account_disabled"
    default_message = "This account is disabled. Ask the site's admin."


class AccountPending(problems.Problem):
    status, code = 403, "account_pending"
    default_message = "This account is waiting for an admin's approval. Try again later."


def is_admin(user) -> bool:
    """Whether this user (or an anonymous visitor) may use the admin area."""
    return bool(getattr(user, "is_admin", False)) and getattr(user, "status", "") == ACTIVE


def require_admin(user) -> None:
    """Raise NotAdmin (a 404) unless the user is an active admin."""
    if not is_admin(user):
        raise NotAdmin


def check_can_log_in(user: User) -> None:
    """Refuse a disabled or pending account; called only once its password was right."""
    if user.status == DISABLED:
        raise AccountDisabled
    if user.status == PENDING:
        raise AccountPending


def lock_admins() -> None:
    """Lock the admins' rows until the transaction ends.

    Demoting, disabling and deleting an admin take this lock first, so two admins
    removing each other at once happen one after the other and one of them is refused.
    """
    rows_changed(sa.update(User).where(User.is_admin).values(is_admin=User.is_admin))


def other_admins(user: User) -> int:
    """How many active admins there are besides this user (read under lock_admins)."""
    query = sa.select(sa.func.count()).where(
        User.is_admin, User.status == ACTIVE, User.id != user.id
    )
    return db.session.scalar(query) or 0


def check_not_last_admin(user: User) -> None:
    """Lock the admins and raise LastAdmin if this user is the only active one."""
    lock_admins()
    if is_admin(user) and other_admins(user) == 0:
        db.session.rollback()
        raise LastAdmin


def hand_over_if_last_admin(user: User) -> None:
    """When the last admin deletes their own account, the oldest active account takes over.

    Written in the caller's transaction (accounts.delete_account), so the site is never
    left without an admin, and the deletion and the hand-over commit together.
    """
    if not is_admin(user):
        return
    lock_admins()
    if other_admins(user):
        return
    heir = db.session.scalar(
        sa.select(User)
        .where(User.status == ACTIVE, User.id != user.id)
        .order_by(User.id)
        .limit(1)
        .with_for_update()
    )
    if heir is not None:
        heir.is_admin = True
        admin_log.record(user, "make_admin", heir.username, "the last admin left the site")
