"""Per-address rate limits on the views that write, counted by Flask-Limiter.

Each view takes one line, for example ``@rate_limits.comments``. Only POSTs count:
reading a page is never limited. The numbers live in config.py (``SIGNUP_RATE_LIMIT``
and its neighbours), where they also say how several workers share the counts. Too
many requests get a 429 page (JSON under /api/) with ``Retry-After``.
"""

import time

from flask import current_app, g
from flask_limiter import RateLimitExceeded

from .errors import error_response
from .extensions import limiter

TOO_MANY = "Too many requests from your network. Please wait a moment and try again."
TOO_MANY_FAILED_LOGINS = (
    "Too many failed logins from your network. Please wait a while and try again."
)


def init_app(app) -> None:
    app.register_error_handler(RateLimitExceeded, too_many)


def too_many(error: RateLimitExceeded):
    """Answer 429 with the limit's message and the seconds until its window ends."""
    reached = limiter.current_limit
    retry_after = max(1, int(reached.reset_at - time.time())) if reached else 1
    return error_response(429, error.description, {"Retry-After": str(retry_after)})


def configured(name: str):
    """Read the limit from the app's config at request time, not at import time."""
    return lambda: current_app.config[name]


def is_failed_login(response) -> bool:
    # The login page answers a wrong username or password with 400, the API with 401;
    # successes never count, nor a request that brought nothing to check.
    return response.status_code in (400, 401) and not g.get("no_credentials_sent", False)


def no_credentials_sent() -> None:
    """Say this request's refusal is no failed login: it brought no credentials at all.

    The browser client asks for new tokens each time it starts, logged in or not; a
    logged-out visitor's ask must not eat into their address's failed-login limit.
    """
    g.no_credentials_sent = True


# The methods that write: a page's form POSTs, the API's POST, PUT, PATCH and DELETE.
WRITES = ["POST", "PUT", "PATCH", "DELETE"]


def marked(limit):
    """Apply a limit and mark the view, so the API document lists its 429 (api/__init__.py)."""

    def decorate(view):
        limited = limit(view)
        limited.limited_per_address = True
        return limited

    return decorate


def is_limited(view) -> bool:
    """Whether one of this module's limits guards the view."""
    return getattr(view, "limited_per_address", False)


def per_address(name: str, shared_by: str | None = None):
    """A limit on writes named in config.py, for one view or shared by several.

    A page and its API twin share one count (``shared_by``), so the API is no way around it.
    """
    if shared_by:
        return marked(
            limiter.shared_limit(
                configured(name), scope=shared_by, methods=WRITES, error_message=TOO_MANY
            )
        )
    return marked(limiter.limit(configured(name), methods=WRITES, error_message=TOO_MANY))


# Failed logins only, so a school's shared address lets a whole class in, typos and all.
# The login page and the API's token endpoints draw on one count.
failed_logins = marked(
    limiter.shared_limit(
        configured("LOGIN_RATE_LIMIT"),
        scope="failed_logins",
        methods=["POST"],
        deduct_when=is_failed_login,
        error_message=TOO_MANY_FAILED_LOGINS,
    )
)
signups = per_address("SIGNUP_RATE_LIMIT", shared_by="signups")
new_posts = per_address("NEW_POST_RATE_LIMIT", shared_by="new_posts")
comments = per_address("COMMENT_RATE_LIMIT", shared_by="comments")
# Liking and unliking draw on one count, so toggling is no way around it; same for saves
# and for follows.
likes = per_address("LIKE_RATE_LIMIT", shared_by="likes")
saves = per_address("SAVE_RATE_LIMIT", shared_by="saves")
follows = per_address("FOLLOW_RATE_LIMIT", shared_by="follows")
settings_changes = per_address("SETTINGS_RATE_LIMIT", shared_by="settings")
# Asking for reset or address-check mail, and using a reset link: pages and API together.
password_resets = per_address("PASSWORD_RESET_RATE_LIMIT", shared_by="password_resets")
