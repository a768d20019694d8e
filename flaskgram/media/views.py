"""Serve stored photos at ``/media/<name>``.

Login: the app's before_request hook requires a logged-in user for every endpoint that
is not marked public, and this one deliberately is not (SECURITY.md case 24).

The response headers, and why:

- ``Content-Type: image/jpeg`` with ``X-Content-Type-Options: nosniff``: every stored
  file is a JPEG this app encoded itself, and the browser must not guess otherwise.
- ``Content-Security-Policy: default-src 'none'; sandbox``: opened on its own as a page,
  the file may load nothing and run nothing. flask-talisman writes the app's page CSP
  after every view, replacing any set by the view, so ``own_csp`` tells it to skip this one.
- ``ETag`` is the file name: names are random and never reused, so the name identifies
  the bytes. A request with a matching ``If-None-Match`` gets ``304 Not Modified``.
- ``Cache-Control: private, max-age=31536000, immutable``: the file never changes, so
  the browser may keep it for a year without asking again; ``private`` because it is
  behind login, so shared caches (proxies, CDNs) must not store it.
"""

from flask import Blueprint, abort, current_app, request

from ..extensions import talisman
from .storage import current_storage, is_valid_name

bp = Blueprint("media", __name__)

SANDBOX_CSP = "default-src 'none'; sandbox"
CACHE_CONTROL = "private, max-age=31536000, immutable"


class ViewOptions(dict):
    """Talisman options for one view, taking every option not given here from the app.

    Talisman fills a view's options with its app's settings using setdefault() and keeps
    them, so the first app to serve the view would fix force_https and the rest for every
    later app in the process (the tests build many). Refreshing them each time avoids it.
    """

    def __init__(self, **own):
        super().__init__(own)
        self.own = frozenset(own)

    def setdefault(self, key, default=None):
        if key not in self.own:
            self[key] = default
        return self[key]


def own_csp(view):
    """Let a view send its own CSP header, which talisman would otherwise replace."""
    talisman(content_security_policy=None)(view)
    view.talisman_view_options = ViewOptions(**view.talisman_view_options)
    return view


@bp.get("/media/<name>")
@own_csp
def serve(name: str):
    """Send one stored rendition with long-lived, private caching."""
    if not is_valid_name(name):
        abort(404)
    try:
        # Renditions are small (well under 2 MB), so read one whole and close it at once:
        # no open file or S3 connection is then left waiting on a slow or unclosed client.
        data = current_storage().read(name)
    except FileNotFoundError:
        abort(404)
    response = current_app.response_class(data, mimetype="image/jpeg")
    response.set_etag(name)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))
