"""Error pages for people and JSON errors for the API, each with a request id."""

import logging

import sqlalchemy as sa
from flask import Blueprint, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from .database import discard_transaction, is_unavailable
from .extensions import login_manager
from .limits import UPLOAD_MAX_BYTES
from .logs import request_id
from .problems import CODES, Problem
from .web import forms

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

# Seconds a client should wait before retrying when the database is unreachable.
DATABASE_RETRY_AFTER = 5

MESSAGES = {
    400: "Something in that request wasn't right. Please go back and try again.",
    403: "You don't have permission to do that.",
    404: "We couldn't find that page. It may have been deleted.",
    405: "That action isn't available here.",
    413: f"That upload is too large. Images can be at most {UPLOAD_MAX_BYTES // 2**20} MB.",
    429: "Too many attempts. Please wait a moment and try again.",
    500: "Something went wrong on our side. We've logged it; please try again.",
    503: "The service is briefly unavailable. Please try again in a few seconds.",
}


@bp.teardown_app_request
def end_transaction(error):
    """End the transaction here, where a connection lost meanwhile can't fail the response.

    Flask-SQLAlchemy's own clean-up runs after this one; a rollback failing in it would
    reach gunicorn, which would answer its bare 500 instead of the response we made.
    """
    discard_transaction()


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.endpoint == "health.healthz"


def show_only_a_loaded_user() -> None:
    """Let error pages show the user this request already loaded, and never look one up.

    Every template asks Flask-Login for current_user, which queries the database when no
    user is loaded yet: the one thing an error page can't risk, since the database may be
    the error. A loaded user whose row was expired (by a rollback) would be queried too.
    """
    user = g.get("_login_user")
    if user is None or (user.is_authenticated and sa.inspect(user).expired_attributes):
        g._login_user = login_manager.anonymous_user()


def error_response(
    status: int,
    message: str | None = None,
    headers: dict | None = None,
    *,
    code: str | None = None,
    fields: dict | None = None,
):
    message = message or MESSAGES.get(status, "")
    if wants_json():
        body = jsonify(
            error=code or CODES.get(status, "error"),
            message=message,
            fields=fields or {},
            request_id=request_id(),
        )
        return body, status, headers or {}
    show_only_a_loaded_user()
    # The database may be down: the 503 page stands alone and shows no user at all.
    template = "errors/unavailable.html" if status == 503 else "errors/error.html"
    page = render_template(template, status=status, message=message, request_id=request_id())
    return page, status, headers or {}


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    headers = dict(error.get_headers())
    headers.pop("Content-Type", None)
    # Show a description our code gave (abort(400, "...")); hide Werkzeug's technical ones.
    custom = error.description != type(error).description
    message = error.description if custom or error.code == 429 else None
    return error_response(error.code or 500, message, headers)


@bp.app_errorhandler(Problem)
def problem_page(problem: Problem):
    """A rule's refusal outside a form (a button, a vanished post): an error page."""
    status = forms.PAGE_STATUS.get(problem.status, problem.status)
    return error_response(status, str(problem), problem.headers())


@bp.app_errorhandler(SecurityError)
def untrusted_host(error: SecurityError):
    """Refuse a Host header outside TRUSTED_HOSTS in plain text: no page can link to it."""
    text = f"Unknown host name. Request id: {request_id()}\n"
    return text, 400, {"Content-Type": "text/plain; charset=utf-8"}


def csrf_refusal(error: CSRFError) -> str:
    """Say in plain words why a form's token was refused (Flask-WTF's reasons are technical)."""
    if "expired" in error.description:
        return "This form expired: the page was open for a long time."
    return "This form couldn't be checked as sent from this site's own page."


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """Refuse a post without a valid token; a form page is shown again as typed, never run."""
    reason = csrf_refusal(error)
    if not wants_json():
        try:
            page = forms.show_form_again(request.endpoint, reason)
        except HTTPException as refused:  # raised out of an error handler, it would be a 500
            return http_error(refused)
        if page is not None:
            return page
    return error_response(400, f"{reason} Please go back, reload the page and try again.")


def database_unavailable(error: Exception):
    """The database is down, restarting or locked: roll back and ask for a retry."""
    cause = getattr(error, "orig", None) or error  # the driver's message, without the SQL
    log.warning("database unavailable (request %s): %s", request_id(), cause)
    discard_transaction()
    return error_response(503, headers={"Retry-After": str(DATABASE_RETRY_AFTER)})


@bp.app_errorhandler(InternalServerError)
@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    """Answer 503 if the database is unavailable, else a plain 500; neither may query it.

    An error raised by another error handler arrives here as an InternalServerError
    wrapping it; a database outage found that way is a 503 all the same.
    """
    original = getattr(error, "original_exception", None) or error
    if is_unavailable(original):
        return database_unavailable(original)
    log.error("unhandled error (request %s)", request_id(), exc_info=original)
    # The page comes before the rollback, which expires the loaded user (see above).
    page = error_response(500)
    discard_transaction()
    return page
