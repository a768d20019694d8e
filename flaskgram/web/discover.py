"""Finding things: a hashtag's posts, search, and Explore."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from .. import explore as explore_rules
from .. import feeds, tags
from .. import search as search_rules
from ..search.text import QUERY_MAX

bp = Blueprint("discover", __name__)


@bp.get("/tags/<name>")
def tag(name: str):
    """The posts with a hashtag, newest first, with its post count."""
    found = tags.tag_named(name) or abort(404)
    before = request.args.get("before", type=int)
    query = tags.tagged_posts(found, current_user)
    page = feeds.page_of(query, before, current_app.config["POSTS_PER_PAGE"])
    return render_template(
        "discover/tag.html", tag=found, posts=page.posts, next_cursor=page.next_cursor
    )


@bp.get("/search")
def search():
    """People, tags and posts for what was typed (``q``), one kind at a time (``type``)."""
    query = request.args.get("q", "")[:QUERY_MAX]
    kind = request.args.get("type", "people")
    if kind not in search_rules.KINDS:
        kind = "people"
    size = current_app.config["POSTS_PER_PAGE"]
    results: list = []
    next_cursor = None
    if query.strip():
        if kind == "people":
            people = search_rules.people(query, request.args.get("after", ""), size)
            results, next_cursor = people.people, people.next_after
        elif kind == "tags":
            found = search_rules.tag_results(query, request.args.get("after", ""), size)
            results, next_cursor = found.tags, found.next_after
        else:
            before = request.args.get("before", type=int)
            page = search_rules.posts(current_user, query, before, size)
            results, next_cursor = page.posts, page.next_cursor
    return render_template(
        "discover/search.html", q=query, kind=kind, results=results, next_cursor=next_cursor
    )


@bp.get("/explore")
def explore():
    """Recent popular posts by people you don't follow."""
    page, next_cursor = explore_rules.explore_page(
        current_user, request.args.get("after"), current_app.config["POSTS_PER_PAGE"]
    )
    return render_template("discover/explore.html", posts=page.posts, next_cursor=next_cursor)
