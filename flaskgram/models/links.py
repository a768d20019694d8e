"""One-time links for account recovery (recovery/links.py)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Model, UTCDateTime, user_fk, utcnow


class AccountLink(Model):
    """A one-time link for a password reset or an address check (recovery/links.py).

    The link carries ``selector.verifier``: the selector finds the row, and only the
    SHA-256 of the verifier is kept, so a copy of the table opens no account.
    """

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # links.RESET or links.VERIFY_EMAIL
    user_id: Mapped[int] = mapped_column(user_fk())
    selector: Mapped[str] = mapped_column(sa.String(32), unique=True)
    verifier_hash: Mapped[str] = mapped_column(sa.String(64))
    # The admin who made it; None for a link sent by e-mail (or an admin since deleted).
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # A person's links of one kind, newest last: replacing them, counting recent ones.
        sa.Index(
            "ix_account_links_user_id_purpose_created_at", "user_id", "purpose", "created_at"
        ),
    )
