"""Tables of a private site: its settings, invitations and the log of admin actions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .. import limits
from .base import Model, UTCDateTime, user_fk, utcnow


class SiteSetting(Model):
    """One setting of the site by name (registration.py reads and writes them)."""

    __tablename__ = "site_settings"

    name: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(200))


class Invitation(Model):
    """A link that lets up to ``max_uses`` people sign up (invitations.py).

    The link carries ``selector`` (to find the row) and a secret verifier; only the
    verifier's SHA-256 is stored, so the table alone can't be turned into links.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    selector: Mapped[str] = mapped_column(sa.String(16), unique=True)
    verifier_hash: Mapped[str] = mapped_column(sa.String(64))
    created_by_id: Mapped[int] = mapped_column(user_fk(), index=True)
    max_uses: Mapped[int]
    uses: Mapped[int] = mapped_column(default=0, server_default="0")
    note: Mapped[str] = mapped_column(
        sa.String(limits.INVITATION_NOTE_MAX), default="", server_default=""
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint("uses <= max_uses", name="uses_within_max"),)


class InvitationUse(Model):
    """Who signed up with which invitation: "who invited whom" for the admin."""

    __tablename__ = "invitation_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(user_fk(), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AdminAction(Model):
    """One thing an admin did (admin_log.py). Names, not ids: the log outlives accounts."""

    __tablename__ = "admin_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(sa.String(limits.USERNAME_MAX))
    action: Mapped[str] = mapped_column(sa.String(30))
    subject: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    detail: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
