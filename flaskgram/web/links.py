"""Links to posts, for the pages that list many of them.

``url_for`` costs about 18 µs (it finds the endpoint's rule and builds the address), and a
feed card links to its post eleven times: its page, like, unlike, save, unsave, comment.
So each kind of post link is built once per request with a stand-in id, and every post's
id takes the stand-in's place. The route stays the one place that spells the address.
"""

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
