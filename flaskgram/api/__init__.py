"""The JSON API at /api/v1: one blueprint, bearer tokens only, an OpenAPI document.

Views parse, call the same rules the HTML views call, and serialise. Every request is
checked in one place, ``check_request``: a bearer access token unless the view is
public, then a JSON body (multipart too where a view says so). A session cookie never
authenticates a call, which is why the API can be exempt from CSRF (case 20).
"""

import flask_smorest
from flask import current_app, g, request
from flask_smorest.spec.plugins import FlaskPlugin

from .. import feeds, rate_limits, roles, security
from ..extensions import csrf
from ..problems import Problem
from . import errors, tokens

API_PREFIX = "/api/v1"
# Methods whose body the API reads; a body of any other type is refused with 415.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = errors.Parser()

    def arguments(self, schema, *, required=True, **kwargs):
        """flask-smorest's; a body documented as optional (``required=False``) may be left out."""
        if not required:
            schema = schema() if isinstance(schema, type) else schema
            schema.body_optional = True  # read by errors.Parser.load_json
        return super().arguments(schema, required=required, **kwargs)


class Api(flask_smorest.Api):
    """flask-smorest's Api; errors.py, not flask-smorest, answers every error."""

    ERROR_SCHEMA = errors.ErrorSchema

    def _register_error_handlers(self):
        pass


bp = security.bearer_only(Blueprint("api", __name__, description="Flaskgram's JSON API"))
bp.register_error_handler(Problem, errors.problem_response)


def init_app(app):
    app.config.setdefault("API_TITLE", "Flaskgram")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    tokens.init_app(app)
    api = Api(
        app,
        spec_kwargs={"info": {"description": DESCRIPTION}, "security": [{"bearer": []}]},
    )
    api.register_converter(feeds.RowIdConverter, row_id_schema)
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    api.register_blueprint(bp, url_prefix=API_PREFIX)
    finish_document(app, api.spec)
    csrf.exempt(bp)


UNAUTHORIZED = {
    "description": "No valid access token came with the request",
    "headers": {
        "WWW-Authenticate": {
            "required": True,
            "schema": {"type": "string", "example": "Bearer"},
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


TOO_MANY_REQUESTS = {
    "description": "Too many requests from this address; see Retry-After",
    "headers": {
        "Retry-After": {
            "required": True,
            "description": "Seconds until the limit's window ends",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def finish_document(app, spec):
    """Name each operation after its view (links refer to these); document its 401 and 429.

    A view behind a per-address limit (rate_limits.py) may answer 429; a view that
    documents its own 429 (a more precise reason) keeps it.
    """
    spec.components.response("Unauthorized", UNAUTHORIZED)
    spec.components.response("TooManyRequests", TOO_MANY_REQUESTS)
    paths = spec._paths  # apispec has no public way to edit a registered path
    for rule in app.url_map.iter_rules():
        path = FlaskPlugin.flaskpath2openapi(rule.rule)
        if not rule.endpoint.startswith(f"{bp.name}.") or path not in paths:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = paths[path][method.lower()]
            operation["operationId"] = rule.endpoint.partition(".")[2]
            if operation.get("security") != []:
                operation["responses"]["401"] = {"$ref": "#/components/responses/Unauthorized"}
            if rate_limits.is_limited(app.view_functions[rule.endpoint]):
                operation["responses"].setdefault(
                    "429", {"$ref": "#/components/responses/TooManyRequests"}
                )


def row_id_schema(converter) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": feeds.LARGEST_ID}


def accepts(*mimetypes: str):
    """Let a view take bodies of these types besides JSON."""

    def mark(view):
        view.also_accepts = frozenset(mimetypes)
        return view

    return mark


@bp.before_request
def check_request():
    """Authenticate every call but the public ones, then check the body's type (case 37)."""
    if not security.is_public_endpoint(request.endpoint):
        try:
            g.api_user = tokens.caller()
        except tokens.BadToken:
            errors.unauthorized("Send a valid access token: Authorization: Bearer <token>.")
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "admins_only", False):
        roles.require_admin(g.api_user)  # 404 for anyone else (api/admin.py)
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if request.method in BODY_METHODS and has_body:
        allowed = {"application/json", *getattr(view, "also_accepts", ())}
        if request.mimetype not in allowed:
            errors.fail(415, f"Send the body as {' or '.join(sorted(allowed))}.")


def caller():
    """The user whose access token came with this request."""
    return g.api_user


DESCRIPTION = """\
Flaskgram's own JSON API. Sign up with `POST /api/v1/users` or log in with
`POST /api/v1/auth/token`, then send the access token as `Authorization: Bearer <token>`;
a session cookie never authenticates a call. Access tokens last minutes: trade the
refresh token for a new pair at `POST /api/v1/auth/refresh` (each refresh token works
once). Flaskgram's browser client sends `X-Flaskgram-Client: web` to those three and
`/auth/revoke`: its refresh token then travels in an HttpOnly cookie, never in a body.
Lists are paged by cursor: pass a page's `next_cursor` back for the next page. Errors are
`{"error": code, "message": text, "fields": {field: message}, "request_id": id}`.
"""

# The views register themselves on bp.
from . import (  # noqa: E402, F401
    admin,
    auth,
    discover,
    docs,
    images,
    notifications,
    posts,
    recovery,
    settings,
    site,
    users,
)
