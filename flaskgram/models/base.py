"""What every table module shares: the model base, UTC times, keys and counters."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

if TYPE_CHECKING:
    # db.Model is built at run time from Base's body (extensions.py), so type checkers
    # can't use it as a base class; Base declares the same mapping and stands in for it.
    from ..extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Store naive UTC (what SQLite and MySQL hold) and hand back aware UTC datetimes."""

    impl = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


# Ids of the tables that grow with every post, like and comment are 64-bit, so no site
# outgrows them (a 32-bit id ends at 2,147,483,647). SQLite's INTEGER already holds 64
# bits, and only a column named exactly "INTEGER PRIMARY KEY" numbers itself, so SQLite
# keeps that type. Columns that point at these ids use the same type.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def user_fk() -> sa.ForeignKey:
    return sa.ForeignKey("users.id", ondelete="CASCADE")


def post_fk() -> sa.ForeignKey:
    return sa.ForeignKey("posts.id", ondelete="CASCADE")


def counter() -> Mapped[int]:
    return mapped_column(default=0, server_default="0")


def switch() -> Mapped[bool]:
    return mapped_column(default=True, server_default=sa.true())
