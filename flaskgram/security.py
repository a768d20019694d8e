"""App-wide protections: login by default, safe redirects and security headers."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_login import current_user

from .extensions import login_manager, talisman

# Images may come from any https:// host (posts by URL); everything else is our own.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": ["'self'", "https:", "data:"],
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def public(view):
    """Let anonymous visitors reach this view; every other view requires login."""
    view.is_public = True
    return view


def is_public_endpoint(endpoint: str | None) -> bool:
    if endpoint is None:  # no route matched: let the 404 handler answer
        return True
    if endpoint == "static":
        return True
    return getattr(current_app.view_functions.get(endpoint), "is_public", False)


def require_login():
    """Send anonymous visitors to the login page unless the view is marked public."""
    if current_user.is_authenticated or is_public_endpoint(request.endpoint):
        return None
    return login_manager.unauthorized()


def safe_next_url(target: str | None, default: str | None = None) -> str:
    """Return target if it is a path on this site, else the default (the feed)."""
    fallback = default or url_for("posts.feed")
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    # Browsers treat "\" like "/" and drop tabs and newlines, so "/\evil" is "//evil".
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def init_app(app):
    https = app.config["HTTPS"]
    talisman.init_app(
        app,
        force_https=https,
        strict_transport_security=https,
        # A family site often lives on a subdomain; don't force HTTPS on its siblings.
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=https,
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
        frame_options="DENY",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
    app.before_request(require_login)
