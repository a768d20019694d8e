"""The errors rules raise: each carries an HTTP status, a stable code and the field it is about.

A rule raises one of these with a message written for the person; it never knows which
door the request came in by. The API turns any of them into its JSON error
(api/errors.py), the HTML forms show it at its field (web/forms.py), and any other page
shows it as an error page (errors.py).
"""

from contextlib import contextmanager


class Problem(Exception):
    """A rule refused; str() is the message for the person."""

    status = 400
    code = "invalid_request"
    default_message = "Something in that request wasn't right."

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        status: int | None = None,
        code: str | None = None,
    ):
        super().__init__(message or self.default_message)
        self.field = field
        if status is not None:
            self.status = status
            self.code = CODES.get(status, self.code)
        if code is not None:
            self.code = code

    def headers(self) -> dict[str, str]:
        """Headers the answer needs besides the message (Retry-After for a 429)."""
        return {}


class Invalid(Problem, ValueError):
    """A value broke an input rule."""


class Unauthorized(Problem):
    """Who is asking could not be established: wrong credentials, or an account now gone."""

    status, code = 401, "unauthorized"


class NotFound(Problem, LookupError):
    """What was acted on does not exist, or no longer does."""

    status, code = 404, "not_found"
    default_message = "We couldn't find that. It may have been deleted."


class Conflict(Problem):
    """The value is already someone else's (a username, an email)."""

    status, code = 409, "conflict"


class Gone(Problem):
    """What was acted on existed but is no more usable (an expired or used one-time link)."""

    status, code = 410, "gone"


class TooMany(Problem):
    """Too many attempts; retry_after says in how many seconds to try again."""

    status, code = 429, "too_many_requests"

    def __init__(self, message: str = "", *, retry_after: int, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


@contextmanager
def at_field(field: str):
    """Show an input problem raised in the block at this field, unless it names its own."""
    try:
        yield
    except Invalid as problem:
        problem.field = problem.field or field
        raise


# The "error" of a JSON error: a stable name a client can switch on, one per status. A
# problem whose status is decided when it is raised (an upload, a fetch) takes its code here.
CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "too_many_requests",
    500: "server_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "gateway_timeout",
    507: "insufficient_storage",
}
