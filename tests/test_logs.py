"""Log lines carry the id of their request, the one its response and error page show."""

import logging
import re

import pytest
from conftest import TEST_CONFIG

from flaskgram import create_app, logs
from flaskgram.security import public

REQUEST_ID = re.compile(r"[0-9a-f]{16}")


@pytest.fixture
def noisy(app):
    """A page that logs a warning from our code and one from a library's logger."""

    @public
    def noisy_page():
        logging.getLogger("flaskgram.noisy").warning("something odd")
        logging.getLogger("somelibrary").warning("library says hi")
        return "ok"

    app.add_url_rule("/noisy", "noisy", noisy_page)
    return app.test_client()


def records_of(caplog, message: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.getMessage() == message]


def test_a_warning_logged_in_a_request_carries_the_response_header_id(noisy, caplog):
    response = noisy.get("/noisy")
    request_id = response.headers["X-Request-ID"]
    assert REQUEST_ID.fullmatch(request_id)
    for message in ("something odd", "library says hi"):
        [record] = records_of(caplog, message)
        assert record.request_id == request_id
        line = logging.Formatter(logs.FORMAT).format(record)
        assert f"[{request_id}] " in line


def test_each_request_has_its_own_id(noisy, caplog):
    ids = [noisy.get("/noisy").headers["X-Request-ID"] for _ in range(2)]
    assert ids[0] != ids[1]
    assert [record.request_id for record in records_of(caplog, "something odd")] == ids


def test_outside_a_request_the_id_is_a_dash(app, caplog):
    with app.app_context():  # a CLI command, say
        logging.getLogger("flaskgram.cli").warning("from a command")
    [record] = records_of(caplog, "from a command")
    assert record.request_id == "-"


def test_a_request_refused_before_its_view_shows_its_id(client, logged_in, make_post):
    """A CSRF refusal happens in a before-request check: the id is made before any of them."""
    post = make_post(logged_in)
    response = client.post(f"/p/{post.id}/like")
    assert response.status_code == 400
    request_id = response.headers["X-Request-ID"]
    assert REQUEST_ID.fullmatch(request_id)
    assert request_id in response.text


def test_without_logging_set_up_lines_go_to_stderr_with_the_id(capsys):
    """As under `python app.py` or a bare gunicorn: the app prints its lines, with ids."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    for handler in saved_handlers:  # pytest's own
        root.removeHandler(handler)
    try:
        app = create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})

        @public
        def noisy_page():
            logging.getLogger("flaskgram.noisy").warning("something odd")
            return "ok"

        app.add_url_rule("/noisy", "noisy", noisy_page)
        request_id = app.test_client().get("/noisy").headers["X-Request-ID"]
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
    assert f"WARNING [{request_id}] flaskgram.noisy: something odd" in capsys.readouterr().err
