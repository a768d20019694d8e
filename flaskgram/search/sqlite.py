"""Caption search on SQLite: the FTS5 table posts_fts (made, and kept in step with posts by
triggers, in migration 0008)."""

import sqlalchemy as sa

from ..models import Post

TABLES = frozenset(
    {"posts_fts", *(f"posts_fts_{part}" for part in ("data", "idx", "docsize", "config"))}
)
INDEXES: frozenset[str] = frozenset()


def captions_matching(words: list[str]):
    """Posts whose captions hold every word: each quoted, so FTS5 reads none as syntax."""
    query = " ".join(f'"{word}"' for word in words)
    return Post.id.in_(
        sa.text("SELECT rowid FROM posts_fts WHERE posts_fts MATCH :fts_query").bindparams(
            fts_query=query
        )
    )
