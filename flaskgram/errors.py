"""Error pages for people and JSON errors for the API, each with a request id."""

import logging
import secrets

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

# Seconds a client should wait before retrying when the database is unreachable.
DATABASE_RETRY_AFTER = 5

MESSAGES = {
    400: "Something in that request wasn't right. Please go back and try again.",
    403: "You don't have permission to do that.",
    404: "We couldn't find that page. It may have been deleted.",
    405: "That action isn't available here.",
    413: "That upload is too large. Images can be at most 15 MB.",
    429: "Too many attempts. Please wait a moment and try again.",
    500: "Something went wrong on our side. We've logged it; please try again.",
    503: "The service is briefly unavailable. Please try again in a few seconds.",
}


@bp.before_app_request
def assign_request_id():
    g.request_id = secrets.token_hex(8)


@bp.after_app_request
def send_request_id(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, headers: dict | None = None):
    message = message or MESSAGES.get(status, "")
    request_id = g.get("request_id", "")
    if wants_json():
        body = jsonify(error={"status": status, "message": message, "request_id": request_id})
        return body, status, headers or {}
    # Without a database the page can't show who is logged in; 503 uses a standalone page.
    template = "errors/unavailable.html" if status == 503 else "errors/error.html"
    page = render_template(template, status=status, message=message, request_id=request_id)
    return page, status, headers or {}


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    headers = dict(error.get_headers())
    headers.pop("Content-Type", None)
    # Show a description our code gave (abort(400, "...")); hide Werkzeug's technical ones.
    custom = error.description != type(error).description
    message = error.description if custom or error.code == 429 else None
    return error_response(error.code or 500, message, headers)


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """Re-show a form page with what was typed; its own validation reports the bad token."""
    rule = request.url_rule
    if not wants_json() and rule is not None and "GET" in rule.methods:
        view = current_app.view_functions[request.endpoint]
        return view(**(request.view_args or {}))
    return error_response(400, f"{error.description} Please reload the page and try again.")


@bp.app_errorhandler(DBAPIError)
def database_error(error: DBAPIError):
    db.session.rollback()
    if error.connection_invalidated or is_connection_error(error):
        log.warning("database unavailable (request %s): %s", g.get("request_id"), error.orig)
        return error_response(503, headers={"Retry-After": str(DATABASE_RETRY_AFTER)})
    return unexpected_error(error)


def is_connection_error(error: DBAPIError) -> bool:
    # PyMySQL: 2003 can't connect, 2006 server gone away, 2013 lost connection.
    code = error.orig.args[0] if error.orig is not None and error.orig.args else None
    return code in {2003, 2006, 2013}


@bp.app_errorhandler(InternalServerError)
@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    db.session.rollback()
    original = getattr(error, "original_exception", None) or error
    log.error("unhandled error (request %s)", g.get("request_id"), exc_info=original)
    return error_response(500)
