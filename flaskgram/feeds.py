"""Which posts a page shows, and everything a post card needs, in a fixed number of queries.

Query builders return a select() for the view to page through. Pages are cut by cursor
(the id of the last post shown), never by OFFSET, so page fifty costs what page one does.
"""

from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.routing import IntegerConverter

from . import mentions, saves
from .extensions import db
from .models import Comment, Follow, Like, Post, SavedPost, User
from .posts import can_edit_post

LATEST_COMMENTS = 2
# Ids are 64-bit integers. A number from a URL outside that range is never handed to
# the database driver: SQLite's refuses it with an error, which would be a 500.
LARGEST_ID = 2**63 - 1


class RowIdConverter(IntegerConverter):
    """The ``<id:...>`` URL part: 1 to LARGEST_ID, so a 20-digit id is a 404 at routing."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=LARGEST_ID)


def visible_posts(viewer: User) -> sa.Select:
    """Select the posts the viewer may see: every read of posts starts here.

    Pages and API calls alike (feeds, profiles, a post, its comments and likes) find
    posts through this one select(). Today everyone logged in sees every post; private
    accounts (ROADMAP.md item 1) will narrow it here, and every read follows.
    """
    return sa.select(Post)


def with_photos(query: sa.Select) -> sa.Select:
    """Load the posts' photos with them: one more query for a whole page, in order."""
    return query.options(selectinload(Post.images))


def all_posts(viewer: User) -> sa.Select:
    """Every post the viewer may see, newest first, with its author and photos.

    Authors come in a second query ("SELECT ... WHERE id IN (...)") rather than a JOIN:
    with the join, MariaDB's planner may start from users and sort every post (0.4 s at
    200,000 posts); alone, the posts query walks the primary key backwards and stops.
    """
    query = visible_posts(viewer).options(selectinload(Post.author)).order_by(Post.id.desc())
    return with_photos(query)


def posts_by(user: User, viewer: User) -> sa.Select:
    """One person's posts, newest first, for their profile grid (which needs no author)."""
    query = visible_posts(viewer).where(Post.user_id == user.id).order_by(Post.id.desc())
    return with_photos(query)


def following_posts(user: User) -> sa.Select:
    """Posts by the people the user follows, and the user's own."""
    followed = sa.select(Follow.followee_id).where(Follow.follower_id == user.id)
    return all_posts(user).where(sa.or_(Post.user_id == user.id, Post.user_id.in_(followed)))


@dataclass
class Page:
    posts: list[Post]
    next_cursor: int | None


def first_rows(query: sa.Select, size: int) -> tuple[list, bool]:
    """Fetch up to ``size`` rows, and one more to learn whether another page follows."""
    rows = list(db.session.scalars(query.limit(size + 1)))
    return rows[:size], len(rows) > size


def page_of(query: sa.Select, before: int | None, size: int) -> Page:
    """Take up to ``size`` posts older than the cursor (a post id)."""
    if before is not None:
        query = query.where(Post.id < max(0, min(before, LARGEST_ID)))
    posts, more = first_rows(query, size)
    return Page(posts, posts[-1].id if more else None)


def saved_posts(viewer: User) -> sa.Select:
    """The posts the viewer saved and may still see, newest saved first, with authors."""
    query = (
        visible_posts(viewer)
        .join(SavedPost, SavedPost.post_id == Post.id)
        .where(SavedPost.user_id == viewer.id)
        .options(selectinload(Post.author))
        .order_by(SavedPost.id.desc())
    )
    return with_photos(query)


def saved_page(viewer: User, before: int | None, size: int) -> Page:
    """Take up to ``size`` saved posts saved before the cursor (a save's id, not a post's:
    the page is in the order things were saved)."""
    query = saved_posts(viewer).add_columns(SavedPost.id)
    if before is not None:
        query = query.where(SavedPost.id < max(0, min(before, LARGEST_ID)))
    rows = list(db.session.execute(query.limit(size + 1)))
    shown = rows[:size]
    return Page([post for post, _ in shown], shown[-1][1] if len(rows) > size else None)


@dataclass
class PeoplePage:
    people: list[User]
    next_after: str | None


def people_page(query: sa.Select, after: str, size: int) -> PeoplePage:
    """Take up to ``size`` people whose usernames come after the cursor (a username)."""
    if after:
        query = query.where(User.username > after)
    people, more = first_rows(query, size)
    return PeoplePage(people, people[-1].username if more else None)


@dataclass
class PostCard:
    """A post with what a card shows about it for one viewer."""

    post: Post
    liked: bool = False
    saved: bool = False  # by this viewer: only they see it
    latest_comments: list[Comment] = field(default_factory=list)
    can_edit: bool = False
    can_delete: bool = False
    # The names mentioned on the page that are people (the same set for every card).
    people: frozenset[str] = frozenset()


def liked_post_ids(viewer: User, post_ids: list[int]) -> set[int]:
    if not post_ids:
        return set()
    query = sa.select(Like.post_id).where(Like.user_id == viewer.id, Like.post_id.in_(post_ids))
    return set(db.session.scalars(query))


def latest_comments(post_ids: list[int], per_post: int = LATEST_COMMENTS) -> list[Comment]:
    """The newest comments of each post, oldest first, with their authors, in one query."""
    if not post_ids:
        return []
    query = newest_comments_of(len(post_ids), per_post)
    bound = {f"post_{n}": post_id for n, post_id in enumerate(post_ids)}
    return list(db.session.scalars(query, bound))


@lru_cache(maxsize=128)
def newest_comments_of(posts: int, per_post: int) -> sa.Select:
    """Select the newest comments of ``posts`` posts, whose ids are bound as post_0, post_1...

    One small indexed "LIMIT n" per post, glued with UNION ALL: a post with a million
    comments costs the same as a post with two (a window function would read them all).
    The statement is built once for each number of posts: building twenty subqueries
    took the Python longer than the database took to run them.
    """
    newest = [
        sa.select(
            sa.select(Comment.id)
            .where(Comment.post_id == sa.bindparam(f"post_{n}"))
            .order_by(Comment.id.desc())
            .limit(per_post)
            .subquery()
        )
        for n in range(posts)
    ]
    ids = sa.union_all(*newest).subquery() if posts > 1 else newest[0].subquery()
    return (
        sa.select(Comment)
        .where(Comment.id.in_(sa.select(ids.c.id)))
        .options(joinedload(Comment.author))
        .order_by(Comment.id)
    )


def post_cards(
    posts: list[Post], viewer: User, *, with_latest_comments: bool = True
) -> list[PostCard]:
    """Build the cards for a page of posts in four queries, whatever the page size.

    A post page lists every comment itself, so it asks for no latest comments.
    """
    post_ids = [post.id for post in posts]
    liked = liked_post_ids(viewer, post_ids)
    saved = saves.saved_post_ids(viewer, post_ids)
    cards = {
        post.id: PostCard(
            post,
            liked=post.id in liked,
            saved=post.id in saved,
            can_edit=can_edit_post(viewer, post),
            can_delete=can_edit_post(viewer, post),  # the author alone does either
        )
        for post in posts
    }
    for comment in latest_comments(post_ids) if with_latest_comments else []:
        cards[comment.post_id].latest_comments.append(comment)
    texts = [post.caption for post in posts]
    texts += [comment.body for card in cards.values() for comment in card.latest_comments]
    people = mentions.known_names(texts)  # a query only if the page mentions anyone
    for card in cards.values():
        card.people = people
    return list(cards.values())


def post_with_author(post_id: int, viewer: User) -> Post | None:
    """The post with this id, with its author and photos, if the viewer may see it."""
    return db.session.scalar(all_posts(viewer).where(Post.id == post_id))
