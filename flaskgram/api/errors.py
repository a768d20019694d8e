"""How the API refuses a request: one answer for every problem, the error schema, bad input.

Every error under /api is ``{"error": code, "message": text, "fields": {field: message},
"request_id": id}``: a rule's problems.Problem and the API's own refusals (``fail``) are
answered by ``problem_response``, anything else by errors.py (the app's).
"""

from typing import NoReturn

import marshmallow as ma
from webargs import missing
from webargs.flaskparser import FlaskParser

from .. import validation
from ..errors import error_response
from ..problems import CODES, Problem


class Refused(Problem):
    """The API's own refusal (no token, a bad body, an unknown id), with a message per field."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, fields: dict | None = None
    ):
        super().__init__(message, status=status, code=code or CODES.get(status, "error"))
        self.fields = fields or {}


def fail(
    status: int, message: str, *, code: str | None = None, fields: dict | None = None
) -> NoReturn:
    """Stop the request with a JSON error."""
    raise Refused(status, message, code=code, fields=fields)


def unauthorized(message: str) -> NoReturn:
    """401 with the challenge a bearer-token client expects (SECURITY.md case 36)."""
    fail(401, message, code="invalid_token")


def problem_response(problem: Problem):
    """Answer any problem: the message at its field if it has one (the only place)."""
    if isinstance(problem, Refused):
        fields, message = problem.fields, str(problem)
    elif problem.field:
        fields, message = {problem.field: str(problem)}, "Some fields are not valid."
    else:
        fields, message = {}, str(problem)
    headers = problem.headers()
    if problem.status == 401:
        headers["WWW-Authenticate"] = "Bearer"  # case 36: what a bearer-token client expects
    return error_response(problem.status, message, headers, code=problem.code, fields=fields)


class ErrorSchema(ma.Schema):
    error = ma.fields.String(
        required=True, metadata={"description": "A stable code", "example": "not_found"}
    )
    message = ma.fields.String(required=True, metadata={"description": "For people"})
    field_messages = ma.fields.Dict(
        data_key="fields",
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "A message for each refused field, by field name"},
    )
    request_id = ma.fields.String(metadata={"description": "Quote it when reporting a problem"})


def field_messages(messages) -> dict[str, str]:
    """Flatten webargs' {"json": {"caption": ["..."]}} into {"caption": "..."}."""
    flat = {}
    for location_messages in messages.values():
        if not isinstance(location_messages, dict):
            location_messages = {"_body": location_messages}
        for name, problems in location_messages.items():
            if isinstance(problems, dict):  # a nested field or a list item
                problems = [str(problem) for problem in problems.values()]
            # The rule's own words say it all; the schema's checks only restate it.
            said_by_rule = [problem for problem in problems if isinstance(problem, RuleMessage)]
            flat[name] = " ".join(str(problem) for problem in said_by_rule or problems)
    return flat


class Parser(FlaskParser):
    """webargs' parser, answering bad input with 400 and our error shape (case 37)."""

    DEFAULT_VALIDATION_STATUS = 400

    def __init__(self, **kwargs):
        # Every schema says itself what to do with unknown fields (refuse them), query
        # included: the parser passes no ``unknown`` of its own to any location.
        super().__init__(unknown=None, **kwargs)

    def load_json(self, req, schema):
        data = super().load_json(req, schema)
        # Every body the API reads is required, but for those documented as optional.
        if data is missing and not getattr(schema, "body_optional", False):
            fail(400, "Send a JSON body.")
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        refuse(error.messages)

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        fail(400, "The body isn't valid JSON.")


def load(schema: ma.Schema, data):
    """Load a body the view parses itself, refusing it like the parser would."""
    if data is None:
        fail(400, "The body isn't valid JSON.")
    try:
        return schema.load(data)
    except ma.ValidationError as error:
        refuse({"body": error.messages})


def refuse(messages: dict):
    """400 with a message for each field, from marshmallow's messages by location."""
    fields = field_messages(messages)
    message = fields.pop("_schema", None) or fields.pop("_body", None)
    fail(400, message or "Some fields are not valid.", fields=fields)


class RuleMessage(str):
    """A refusal in the words of a validation rule (the schema's own checks say less)."""


def rule(clean):
    """Wrap a validation.clean_* function as a marshmallow validator."""

    def validate(value):
        try:
            clean(value)
        except validation.Invalid as error:
            raise ma.ValidationError(RuleMessage(error)) from None

    return validate
