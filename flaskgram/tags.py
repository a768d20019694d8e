"""Hashtags: ``#tag`` in a caption links to /tags/<tag>, a page of the posts that have it.

Tags are stored normalised (NFKC, then Unicode case-folded, so "#Café", "#CAFÉ" and
"#café" are one tag) in ``tags``, with the posts that have them in ``post_tags``; each
tag's post count is kept on its row, in the same transaction, so no page counts rows.
"""

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.orm import selectinload

from . import limits
from .extensions import db
from .models import Post, PostTag, Tag, User

# A "#" that doesn't follow a word character or "&" (an HTML entity such as "&#39;"),
# then word characters: letters and digits of any script, and "_".
TAG = re.compile(rf"(?<![\w&#])#(\w{{1,{limits.TAG_MAX}}})")


def normalise(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def names_in(text: str) -> list[str]:
    """The tags of a text, normalised, in order, each once, at most the limit."""
    names: list[str] = []
    for match in TAG.finditer(text or ""):
        name = normalise(match.group(1))
        if name not in names and len(name) <= limits.TAG_MAX:
            names.append(name)
            if len(names) == limits.TAGS_PER_TEXT_MAX:
                break
    return names


def insert_ignoring_duplicates(names: list[str]) -> None:
    """Add the tags that don't exist yet; a concurrent post adding one too is no error."""
    rows = [{"name": name} for name in names]
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sqlite.insert(Tag).on_conflict_do_nothing(), rows)
    else:
        db.session.execute(mysql.insert(Tag).prefix_with("IGNORE"), rows)


def set_tags(post: Post, caption: str, before: str = "") -> None:
    """Store the caption's tags for the post (new, or edited from ``before``), with counts.

    In the caller's transaction; the post must have its id (flushed).
    """
    after, old = set(names_in(caption)), set(names_in(before))
    added, removed = sorted(after - old), sorted(old - after)
    if added:
        insert_ignoring_duplicates(added)
        ids = list(db.session.scalars(sa.select(Tag.id).where(Tag.name.in_(added))))
        db.session.execute(sa.insert(PostTag), [{"post_id": post.id, "tag_id": i} for i in ids])
        count(ids, +1)
    if removed:
        ids = list(db.session.scalars(sa.select(Tag.id).where(Tag.name.in_(removed))))
        count(ids, -1)
        db.session.execute(
            sa.delete(PostTag).where(PostTag.post_id == post.id, PostTag.tag_id.in_(ids))
        )


def count(tag_ids, delta: int) -> None:
    db.session.execute(
        sa.update(Tag)
        .where(Tag.id.in_(tag_ids))
        .values(post_count=Tag.post_count + delta)
        .execution_options(synchronize_session=False)
    )


def uncount_posts(post_ids: sa.Select | list[int]) -> None:
    """Take posts about to be deleted (their post_tags cascade) out of their tags' counts."""
    theirs = (
        sa.select(sa.func.count())
        .where(PostTag.tag_id == Tag.id, PostTag.post_id.in_(post_ids))
        .correlate(Tag)
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(Tag)
        .where(Tag.id.in_(sa.select(PostTag.tag_id).where(PostTag.post_id.in_(post_ids))))
        .values(post_count=Tag.post_count - theirs)
        .execution_options(synchronize_session=False)
    )


def tag_named(name: str) -> Tag | None:
    name = normalise(name)
    if not name or len(name) > limits.TAG_MAX:
        return None
    return db.session.scalar(sa.select(Tag).where(Tag.name == name))


def tagged_posts(tag: Tag, viewer: User) -> sa.Select:
    """The posts with this tag the viewer may see, newest first, with authors and photos."""
    from .feeds import visible_posts, with_photos  # feeds imports posts, which imports this

    query = (
        visible_posts(viewer)
        .join(PostTag, PostTag.post_id == Post.id)
        .where(PostTag.tag_id == tag.id)
        .options(selectinload(Post.author))
        # By post_tags' copy of the id, not posts': then SQLite reads the tag's index
        # backwards and stops at the page, instead of sorting every post with the tag
        # (#sea at a million posts). The cursor's "id < n" carries over to the index.
        .order_by(PostTag.post_id.desc())
    )
    return with_photos(query)


@dataclass
class TagPage:
    tags: list[Tag]
    next_after: str | None


def tags_starting(prefix: str, after: str, size: int) -> TagPage:
    """Tags in use whose names start with the prefix, by name, after the cursor (a name)."""
    from .search.text import like_prefix

    prefix = normalise(prefix.strip().lstrip("#"))
    if not prefix:
        return TagPage([], None)
    query = (
        sa.select(Tag).where(like_prefix(Tag.name, prefix), Tag.post_count > 0).order_by(Tag.name)
    )
    if after:
        query = query.where(Tag.name > after)
    found = list(db.session.scalars(query.limit(size + 1)))
    return TagPage(found[:size], found[size - 1].name if len(found) > size else None)
