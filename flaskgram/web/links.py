"""Links for the pages that list many posts, built without a url_for call for each.

``url_for`` costs about 18 µs (it finds the endpoint's rule and builds the address), and a
feed card links to its post eleven times (its page, like, unlike, save, unsave, comment),
to its author twice and to its hashtags. So each kind of post link is built once per
request with a stand-in id, and every post's id takes the stand-in's place; other links
are built once per request for each person or tag. Either way the route stays the one
place that spells the address.
"""

from typing import Any

from flask import g, url_for

from ..feeds import LARGEST_ID

# The largest id there can be: its 19 digits appear in no address but where the id goes.
STAND_IN = str(LARGEST_ID)


def post_url(endpoint: str, post_id: int) -> str:
    """Return ``url_for(endpoint, post_id=post_id)`` for an endpoint that takes a post id."""
    patterns = g.setdefault("post_url_patterns", {})
    if endpoint not in patterns:
        head, _, tail = url_for(endpoint, post_id=STAND_IN).partition(STAND_IN)
        patterns[endpoint] = head, tail
    head, tail = patterns[endpoint]
    return f"{head}{post_id}{tail}"


def link(endpoint: str, **values: Any) -> str:
    """Return ``url_for(endpoint, **values)``, built once per request for the same values.

    For the links a page repeats: the same people and tags come back on card after card.
    """
    built = g.setdefault("links", {})
    key = (endpoint, *values.items())
    if key not in built:
        built[key] = url_for(endpoint, **values)
    return built[key]
