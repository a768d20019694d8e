"""schemathesis over the whole OpenAPI document, logged in, with all its checks (case 38).

Two runs, on SQLite: every operation on its own (examples, coverage and fuzzing of each
parameter, valid and invalid), and a stateful run that follows the document's links
(post -> read, edit, like, comment -> delete the comment, delete the post).
"""

import pytest
import schemathesis
from api_client import api_login
from conftest import TEST_CONFIG
from flask_migrate import upgrade
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from flaskgram import comments, create_app
from flaskgram.extensions import db

# About 30 s on one core of the CI machine for both runs together.
EXAMPLES_PER_OPERATION = 25
STATEFUL_RUNS = 25
SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
# How many requests each run made, printed at the end (pytest -s) for the report.
SENT: dict[str, int] = {}

load_all_checks()


@pytest.fixture(scope="module", params=["sqlite"])
def database_url(tmp_path_factory):
    """A migrated SQLite database: the fuzzer runs there (the API's own tests run on both)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/flaskgram.db"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def bearer(app, make_user, make_post):
    """alice logged in, with bob and a post and a comment for the fuzzer to find."""
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(bob, caption="Bob's post")
    with app.app_context():
        comments.add_comment(alice, post, "Nice")
    LOGGED_IN["token"] = api_login(app, "alice").access_token
    yield
    LOGGED_IN.clear()


# The document is read once, at collection, from an app of its own (it touches no
# database); each test then sends its requests to that test's app and database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})
)

# The access token of the running test: its fixture logs alice in on its own database.
LOGGED_IN: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class Bearer:
    """alice's token on every request, given the way schemathesis knows it is a real one."""

    def get(self, case, context):
        return LOGGED_IN.get("token", "nobody logged in yet")

    def set(self, case, token, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


def excluded_checks(case) -> list:
    # A new post needs a real photo: random bytes are no picture, and a random https://
    # address leads to no site (tests resolve no outside names), so a valid-looking
    # request is rightly refused with 400 at its image field.
    # Likewise a new avatar needs a real photo, and a schema-valid password is still
    # not alice's: the settings that ask for it answer 400 at its field. A signup's
    # password may be a common one, its username reserved, its email undeliverable in
    # form: rules no JSON schema can state, refused with 400 at the field. An edit's
    # alt_texts may be no more than the post has photos, which the document can't know
    # (and alt_text and alt_texts don't go together). Asking for a reset link checks its
    # address like a signup does.
    if case.operation.label in {
        "POST /api/v1/users",
        "POST /api/v1/auth/password-reset",
        "POST /api/v1/posts",
        "PATCH /api/v1/posts/{post_id}",
        "PUT /api/v1/me/avatar",
        "POST /api/v1/me/password",
        "DELETE /api/v1/me",
    }:
        return [positive_data_acceptance]
    return []


@schema.parametrize()
@SETTINGS
def test_case_38_every_operation(app, case, bearer):
    """Case 38: each operation, fuzzed with valid and invalid data, passes every check."""
    SENT[case.operation.label] = SENT.get(case.operation.label, 0) + 1
    case.call_and_validate(app=app, excluded_checks=excluded_checks(case))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_case_38_stateful_links(app, bearer):
    """Case 38: sequences of calls along the document's links pass every check."""

    class LoggedIn(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"app": app}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            SENT["stateful"] = SENT.get("stateful", 0) + 1
            recorder = {"recorder": self.recorder} if hasattr(self, "recorder") else {}
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=excluded_checks(case),
                transport_kwargs=kwargs or None,
                **recorder,
            )

    LoggedIn.run(settings=settings(SETTINGS, max_examples=STATEFUL_RUNS, stateful_step_count=8))


def teardown_module():
    if SENT:
        print(f"\nschemathesis sent {sum(SENT.values())} requests: {SENT}")
