"""App-wide protections: login by default, safe redirects and security headers."""

from urllib.parse import urlsplit

from flask import current_app, redirect, request, url_for
from flask_login import current_user

from .extensions import login_manager

# Images may come from any https:// host (posts by URL); everything else is our own.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' https: data:",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=()",
}
# A family site often lives on a subdomain, so HSTS leaves its sibling domains alone.
HSTS = "max-age=31536000"


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


def bearer_only(blueprint):
    """Mark a blueprint that checks bearer tokens itself and never looks at the login cookie."""
    blueprint.bearer_only = True
    return blueprint


def is_bearer_only_request() -> bool:
    blueprints = current_app.blueprints
    return any(getattr(blueprints.get(name), "bearer_only", False) for name in request.blueprints)


def require_login():
    """Send anonymous visitors to the login page unless the view is marked public."""
    if is_bearer_only_request():
        return None  # the API answers 401 itself; a cookie never logs it in (case 20)
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


def redirect_to_https():
    """In production, move plain-http visitors to https (health checks stay on http)."""
    if (
        current_app.config["HTTPS"]
        and not request.is_secure
        and request.endpoint != "health.healthz"
    ):
        return redirect(request.url.replace("http://", "https://", 1), code=301)
    return None


def add_security_headers(response):
    """Set the headers every response carries; a view may set a stricter one of its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    app.before_request(redirect_to_https)
    app.before_request(require_login)
    app.after_request(add_security_headers)
