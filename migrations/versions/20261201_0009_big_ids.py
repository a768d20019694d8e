"""64-bit ids for posts, their photos, comments, saves and notifications.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Reviewed by hand.

Upgrade, on MySQL/MariaDB only: the ids of the tables that grow with use, and every
column that points at them, become BIGINT, so no site reaches the end of a 32-bit id
(2,147,483,647; notifications reach it first, at about seven a post). SQLite's INTEGER
already holds 64 bits, so nothing changes there.

Each table is changed by one ALTER TABLE with all its columns, because changing a
column's type copies the whole table and one copy is cheaper than three. MariaDB won't
change a column a foreign key uses, even with the checks off, so the keys pointing at
posts and comments are dropped with their table's change and added back at the end
(checks off: the values don't change, so there is nothing to check and no copy).
Measured on the benchmark's default data (1,000,000 posts, 5,000,000 likes, about
6,800,000 notifications): see bench/README.md.

Downgrade makes them INT again (it fails if an id no longer fits).
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Each table's columns that hold a grown table's id, with the rest of their definition
# (MODIFY restates the whole column). Tables that point at others come first, so no key
# points at a column while it changes.
COLUMNS = {
    "notifications": {"id": "NOT NULL AUTO_INCREMENT", "post_id": "NULL", "comment_id": "NULL"},
    "post_images": {"id": "NOT NULL AUTO_INCREMENT", "post_id": "NOT NULL"},
    "likes": {"post_id": "NOT NULL"},
    "saved_posts": {"id": "NOT NULL AUTO_INCREMENT", "post_id": "NOT NULL"},
    "post_tags": {"post_id": "NOT NULL"},
    "comments": {"id": "NOT NULL AUTO_INCREMENT", "post_id": "NOT NULL"},
    "posts": {"id": "NOT NULL AUTO_INCREMENT"},
}
# The foreign keys on those columns: (table, column, table pointed at).
FOREIGN_KEYS = [
    ("notifications", "post_id", "posts"),
    ("notifications", "comment_id", "comments"),
    ("post_images", "post_id", "posts"),
    ("likes", "post_id", "posts"),
    ("saved_posts", "post_id", "posts"),
    ("post_tags", "post_id", "posts"),
    ("comments", "post_id", "posts"),
]


def is_mysql() -> bool:
    return op.get_context().dialect.name in ("mysql", "mariadb")


def key_name(table: str, column: str, target: str) -> str:
    return f"fk_{table}_{column}_{target}"  # the metadata's naming convention


def change_ids_to(sql_type: str) -> None:
    op.execute("SET foreign_key_checks = 0")
    for table, columns in COLUMNS.items():
        changes = [f"DROP FOREIGN KEY {key_name(*key)}" for key in FOREIGN_KEYS if key[0] == table]
        changes += [f"MODIFY {name} {sql_type} {rest}" for name, rest in columns.items()]
        op.execute(f"ALTER TABLE {table} {', '.join(changes)}")
    for table, column, target in FOREIGN_KEYS:
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {key_name(table, column, target)}"
            f" FOREIGN KEY ({column}) REFERENCES {target} (id) ON DELETE CASCADE"
        )
    op.execute("SET foreign_key_checks = 1")


def upgrade():
    if is_mysql():
        change_ids_to("BIGINT")


def downgrade():
    if is_mysql():
        change_ids_to("INTEGER")
