"""Search: people and tags by the start of their names, captions by their words.

Captions are searched by the database's own full-text index behind one small interface,
``captions_matching(words)``: SQLite's FTS5 (sqlite.py) or MariaDB's FULLTEXT
(mariadb.py), chosen by the dialect. Every page is cut by cursor; an empty search
answers an empty page without asking the database.
"""

import sqlalchemy as sa

from .. import tags
from ..extensions import db
from ..feeds import LARGEST_ID, Page, PeoplePage, first_rows, following_posts, people_page
from ..models import Post, User
from . import mariadb, sqlite, text
from .text import like_prefix, words_of

KINDS = ("people", "tags", "posts")
QUERY_MAX = text.QUERY_MAX


def backend():
    return sqlite if db.session.get_bind().dialect.name == "sqlite" else mariadb


def include_object(object, name, type_, reflected, compare_to) -> bool:
    """For Alembic: the full-text tables and indexes are made by migration 0008, not models."""
    if type_ == "table":
        return name not in sqlite.TABLES
    if type_ == "index":
        return name not in mariadb.INDEXES
    return True


def people_query(query: str) -> sa.Select:
    """People whose username or display name starts with the search, by username."""
    prefix = query.strip().lstrip("@")
    if not prefix:
        return sa.select(User).where(sa.false())
    return (
        sa.select(User)
        .where(
            sa.or_(
                like_prefix(User.username, prefix.lower()), like_prefix(User.display_name, prefix)
            )
        )
        .order_by(User.username)
    )


def people(query: str, after: str, size: int) -> PeoplePage:
    return people_page(people_query(query), after, size)


def posts(viewer: User, query: str, before: int | None, size: int) -> Page:
    """Posts by the people the viewer follows, and the viewer's own, whose captions hold
    every word of the search, newest first."""
    words = words_of(query)
    if not words:
        return Page([], None)
    found = following_posts(viewer).where(backend().captions_matching(words))
    if before is not None:
        found = found.where(Post.id < max(0, min(before, LARGEST_ID)))
    shown, more = first_rows(found, size)
    return Page(shown, shown[-1].id if more else None)


def tag_results(query: str, after: str, size: int) -> tags.TagPage:
    return tags.tags_starting(query, after, size)
