"""A hashtag's posts, search, and Explore."""

from .. import explore, feeds, search, tags
from . import bp, caller, serialize
from . import social_schemas as schemas
from .errors import fail
from .posts import post_page
from .schemas import PostPageArgs
from .users import people_page


def tag_json(tag) -> dict:
    return {"name": tag.name, "post_count": tag.post_count}


def posts_json(posts) -> list[dict]:
    return [serialize.post_of(card) for card in feeds.post_cards(posts, caller())]


@bp.route("/tags/<tag>", methods=["GET"], tags=["discover"])
@bp.arguments(PostPageArgs, location="query")
@bp.response(200, schemas.TagPage)
def tag(args, tag):
    """The posts with a hashtag (any case: it is normalised), newest first, with its count."""
    found = tags.tag_named(tag) or fail(404, "No post has that tag.")
    return {"tag": tag_json(found), **post_page(tags.tagged_posts(found, caller()), args)}


@bp.route("/search", methods=["GET"], tags=["discover"])
@bp.arguments(schemas.SearchArgs, location="query")
@bp.response(200, schemas.SearchPage)
def search_all(args):
    """People (by the start of their username or name), tags (by their start), or posts
    by you and the people you follow (by words of their captions). Only the list of the
    `type` asked for has items; an empty `q` answers an empty page."""
    kind, query, cursor = args["type"], args["q"], args.get("cursor") or ""
    answer: dict = {"type": kind, "people": [], "tags": [], "posts": [], "next_cursor": None}
    if not query.strip():
        return answer
    if kind == "people":
        page = people_page(search.people_query(query), {"after": cursor, "limit": args["limit"]})
        answer.update(people=page["items"], next_cursor=page["next_cursor"])
    elif kind == "tags":
        found = search.tag_results(query, cursor, args["limit"])
        answer.update(tags=[tag_json(t) for t in found.tags], next_cursor=found.next_after)
    else:
        before = int(cursor) if cursor.isdigit() and len(cursor) < 19 else None
        page = search.posts(caller(), query, before, args["limit"])
        next_cursor = str(page.next_cursor) if page.next_cursor else None
        answer.update(posts=posts_json(page.posts), next_cursor=next_cursor)
    return answer


@bp.route("/explore", methods=["GET"], tags=["discover"])
@bp.arguments(schemas.ExploreArgs, location="query")
@bp.response(200, schemas.ExplorePage)
def explore_posts(args):
    """Recent popular posts by people you don't follow, most liked first."""
    page, next_cursor = explore.explore_page(caller(), args.get("cursor"), args["limit"])
    return {"items": posts_json(page.posts), "next_cursor": next_cursor}
