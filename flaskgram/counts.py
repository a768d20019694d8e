"""Counts stored on their rows (a post's likes and comments, a user's posts and follows).

Each is changed in the same transaction as the rows it counts, so pages never count
rows. The counted row is updated first: that locks it, so concurrent likes of one post
queue up instead of deadlocking on MariaDB.
"""

import sqlalchemy as sa

from .database import rows_changed


def add_to_count(column, row_id: int, delta: int) -> bool:
    """Add delta to a stored count, in SQL, so concurrent changes are never lost.

    Return False if the row is gone.
    """
    table = column.class_
    counted = rows_changed(
        sa.update(table).where(table.id == row_id).values({column: column + delta})
    )
    return counted == 1
