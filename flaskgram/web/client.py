"""The React client at /app/: the files Vite built into frontend/dist, served as they are.

Vite names each built asset after a hash of its content (``assets/index-3f9a1c.js``),
so a name never changes its bytes and browsers may keep assets for a year. index.html
names the current assets, so browsers check it every time (``no-cache``) and a new build
reaches everyone at their next load. Every other path under /app/ is a screen of the
client (``/app/p/12``): it gets index.html too, so deep links and reloads work, and the
client's router reads the path. Files Vite copied from ``public/`` (a favicon) are served
as themselves.

These views are public: the client shows its own login screen, and everything it shows
comes from the API, which asks for a bearer token.
"""

from pathlib import Path

from flask import Blueprint, current_app, render_template, send_from_directory
from werkzeug.security import safe_join

from ..security import CLIENT_CONTENT_SECURITY_POLICY, public

bp = Blueprint("client", __name__, url_prefix="/app")

ASSET_CACHE = "public, max-age=31536000, immutable"
PAGE_CACHE = "no-cache"
INDEX = "index.html"


def dist_folder() -> Path:
    """The built client: CLIENT_DIST, or else frontend/dist beside the package."""
    configured = current_app.config["CLIENT_DIST"]
    return Path(configured) if configured else Path(current_app.root_path).parent / "frontend/dist"


@bp.get("/assets/<path:name>")
@public
def asset(name):
    """A built script, style sheet, font or image; 404 if this build has no such file."""
    # send_from_directory refuses a name that leaves the folder ("../../config.py").
    response = send_from_directory(dist_folder() / "assets", name)
    response.headers["Cache-Control"] = ASSET_CACHE
    return response


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@public
def page(path):
    """index.html for any screen of the client, or a file of the build's top folder."""
    dist = dist_folder()
    if not (dist / INDEX).is_file():
        return render_template("client/not_built.html"), 404
    found = safe_join(str(dist), path) if path else None  # None for "../" and the like
    name = path if found and Path(found).is_file() else INDEX
    response = send_from_directory(dist, name)
    response.headers["Cache-Control"] = PAGE_CACHE
    response.headers["Content-Security-Policy"] = CLIENT_CONTENT_SECURITY_POLICY
    return response
