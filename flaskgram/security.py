"""App-wide protections: login by default, safe redirects and security headers."""

import re
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import SecurityError

from .extensions import login_manager

# Pictures are our own (/media), uploads and pictures fetched by address alike. Only a
# page showing a post made by address before pictures were kept (until
# `flask fetch-remote-images` runs) lets in that picture's origin: see remote_image().
SITE_POLICY = {
    "default-src": "'self'",
    "img-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# The React client's page (web/client.py): the site's policy, plus the blob: addresses
# its photo previews use before an upload, and its calls to the API on this origin.
CLIENT_POLICY = {**SITE_POLICY, "img-src": "'self' blob:", "connect-src": "'self'"}


def policy_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


CONTENT_SECURITY_POLICY = policy_header(SITE_POLICY)
CLIENT_CONTENT_SECURITY_POLICY = policy_header(CLIENT_POLICY)
# An origin that can go into a CSP source list as it is: nothing like ";" or "," in it.
PLAIN_HTTPS_ORIGIN = re.compile(r"https://(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?")
SECURITY_HEADERS = {
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


def guarded_by(gate):
    """Mark a blueprint whose own gate decides who may reach it, anonymous visitors included.

    The gate runs in require_login, before the CSRF check and the rate limits, so that
    even a refused form never shows a guarded page. The admin area's gate answers 404 to
    everyone but admins rather than sending anonymous visitors to log in, which would
    tell them there is something there.
    """

    def mark(blueprint):
        blueprint.access_gate = gate
        return blueprint

    return mark


def access_gate():
    """The gate of the guarded blueprint this request is for, if any."""
    blueprints = current_app.blueprints
    for name in request.blueprints:
        gate = getattr(blueprints.get(name), "access_gate", None)
        if gate is not None:
            return gate
    return None


def require_login():
    """Send anonymous visitors to the login page unless the view is marked public."""
    if is_bearer_only_request():
        return None  # the API answers 401 itself; a cookie never logs it in (case 20)
    if (gate := access_gate()) is not None:
        return gate()  # the admin area: 404 for anyone but an admin (web/admin)
    if request.endpoint is not None and is_public_endpoint(request.endpoint):
        # A public view looks its visitor up only if it needs to: static files and
        # /healthz never touch the database, so they keep working while it is down.
        return None
    if current_user.is_authenticated or request.endpoint is None:
        return None  # no route matched: the 404 page, which shows who is logged in
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


def takes_photos(view):
    """Let this view take a post's worth of photos in one request body, up to
    NEW_POST_MAX_CONTENT_LENGTH; every other request keeps MAX_CONTENT_LENGTH."""
    view.takes_photos = True
    return view


def allow_photo_bodies():
    """Raise the body limit for a view that takes photos, before anything reads the body
    (the CSRF check reads the form)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "takes_photos", False):
        request.max_content_length = current_app.config["NEW_POST_MAX_CONTENT_LENGTH"]


def refuse_untrusted_host():
    """Refuse a Host outside TRUSTED_HOSTS before a redirect or a page is built with it."""
    # Flask finds it while routing but raises it only when the view would run.
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def redirect_to_https():
    """In production, move plain-http visitors to https (health checks stay on http)."""
    if (
        current_app.config["HTTPS"]
        and not request.is_secure
        and request.endpoint != "health.healthz"
    ):
        return redirect(request.url.replace("http://", "https://", 1), code=301)
    return None


def remote_image(url: str) -> str:
    """Let this page's CSP load one picture from another site, and return its address."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return url
    host = f"[{host}]" if ":" in host else host
    origin = f"https://{host}" if port is None else f"https://{host}:{port}"
    if parts.scheme == "https" and PLAIN_HTTPS_ORIGIN.fullmatch(origin):
        g.setdefault("remote_image_origins", set()).add(origin)
    return url  # an origin that isn't plain stays out of the CSP: the picture is blocked


def allow_local_previews() -> None:
    """Let this page show pictures its own script made from files the person chose
    (``blob:`` addresses, which only a script of this site can create): the new-post
    form's previews."""
    g.remote_image_origins = {*g.get("remote_image_origins", ()), "blob:"}


def content_security_policy() -> str:
    origins = sorted(g.get("remote_image_origins", ()))
    if not origins:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "img-src 'self'", " ".join(["img-src 'self'", *origins])
    )


def add_security_headers(response):
    """Set the headers every response carries; a view may set a stricter one of its own."""
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    app.before_request(refuse_untrusted_host)
    app.before_request(redirect_to_https)
    app.before_request(require_login)
    app.before_request(allow_photo_bodies)
    app.after_request(add_security_headers)
