"""Starting the site the ways the README names: settings, the banner, HTTPS, the demo."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import TEST_CONFIG
from dotenv import dotenv_values
from flask.cli import ScriptInfo, load_dotenv
from live_server import free_port

from flaskgram import create_app, devserver
from flaskgram.demo import PEOPLE
from flaskgram.models import Comment, Follow, Like, Post, User

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("environ", "host", "port"),
    [
        ({}, "127.0.0.1", 5000),
        ({"FLASKGRAM_HOST": "0.0.0.0", "FLASKGRAM_PORT": "8080"}, "0.0.0.0", 8080),
        ({"FLASKGRAM_HOST": "::1", "FLASKGRAM_PORT": "5001"}, "::1", 5001),
    ],
)
def test_host_and_port_are_settings(monkeypatch, tmp_path, environ, host, port):
    """FLASKGRAM_HOST and FLASKGRAM_PORT set where the dev server listens (127.0.0.1:5000)."""
    for name in ("FLASKGRAM_HOST", "FLASKGRAM_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert (app.config["HOST"], app.config["PORT"]) == (host, port)


@pytest.mark.parametrize(
    ("host", "port", "address"),
    [
        ("127.0.0.1", 5000, "http://127.0.0.1:5000/"),
        ("0.0.0.0", 80, "http://127.0.0.1:80/"),
        ("::", 8000, "http://[::1]:8000/"),
        ("::1", 8000, "http://[::1]:8000/"),
        ("photos.local", 5000, "http://photos.local:5000/"),
    ],
)
def test_banner_address_is_one_a_browser_can_open(host, port, address):
    assert devserver.address_of(host, port) == address


@pytest.mark.parametrize(
    ("users", "posts", "says"),
    [(0, 0, "The site is empty (no users, no posts)"), (6, 18, "has 6 users and 18 posts")],
)
def test_banner_says_whether_the_site_is_empty(users, posts, says):
    text = devserver.banner("http://127.0.0.1:5000/", users, posts)
    assert text.startswith("Flaskgram is running at http://127.0.0.1:5000/")
    assert says in text and "`make demo`" in text
    assert len(text.splitlines()) == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_python_app_py_listens_where_the_settings_say(database_url, make_user, tmp_path):
    """`python app.py` migrates, listens on FLASKGRAM_PORT and prints the banner once it is up."""
    make_user("alice")
    port = free_port()
    env = {
        **os.environ,
        "FLASKGRAM_DATABASE_URL": database_url,
        "FLASKGRAM_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "FLASKGRAM_MEDIA_ROOT": str(tmp_path / "media"),
        "FLASKGRAM_HOST": "127.0.0.1",
        "FLASKGRAM_PORT": str(port),
        "FLASKGRAM_HTTPS": "true",  # app.py serves plain http whatever this says
    }
    with subprocess.Popen(  # noqa: S603 (our own dev server, on loopback)
        [sys.executable, str(REPO / "app.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            first = server.stdout.readline()  # printed once the socket is listening
            second = server.stdout.readline()
            assert first.startswith(f"Flaskgram is running at http://127.0.0.1:{port}/"), first
            assert "has 1 users and 0 posts (`make demo` adds demo people, once)." in second
            login = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10)
            with login:
                assert login.status == 200 and login.url.startswith("http://")
                assert "Strict-Transport-Security" not in login.headers
        finally:
            server.terminate()


def app_as_flask_cli_builds_it(monkeypatch, database_url, tmp_path, dotenv: bool):
    """Build the app the way `flask --app flaskgram run` does in a fresh clone."""
    names = set(dotenv_values(REPO / ".flaskenv")) | {"FLASKGRAM_HTTPS"}
    for name in names:
        monkeypatch.delenv(name, raising=False)  # and restore them afterwards
    monkeypatch.setenv("FLASKGRAM_DATABASE_URL", database_url)
    monkeypatch.setenv("FLASKGRAM_SECRET_KEY", TEST_CONFIG["SECRET_KEY"])
    monkeypatch.setenv("FLASKGRAM_MEDIA_ROOT", str(tmp_path / "media"))
    monkeypatch.chdir(REPO)
    if dotenv:
        assert load_dotenv(load_defaults=True)  # what the flask command does first
    return ScriptInfo(app_import_path=os.environ.get("FLASK_APP", "flaskgram")).load_app()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_flask_run_serves_plain_http(monkeypatch, database_url, tmp_path):
    """`flask --app flaskgram run` reads .flaskenv: pages answer over http, no 301."""
    app = app_as_flask_cli_builds_it(monkeypatch, database_url, tmp_path, dotenv=True)
    client = app.test_client()
    login = client.get("/login")
    assert login.status_code == 200 and "Strict-Transport-Security" not in login.headers
    assert client.get("/").headers["Location"].startswith("/login")
    assert app.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_production_servers_stay_on_https(monkeypatch, database_url, tmp_path):
    """gunicorn never reads .flaskenv: the app it builds redirects to https and sends HSTS."""
    app = app_as_flask_cli_builds_it(monkeypatch, database_url, tmp_path, dotenv=False)
    response = app.test_client().get("/login")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost/login"
    secure = app.test_client().get("/login", base_url="https://localhost")
    assert secure.status_code == 200 and "Strict-Transport-Security" in secure.headers
    assert app.config["SESSION_COOKIE_SECURE"] is True


def site_contents(row_count) -> tuple[int, ...]:
    return tuple(row_count(model) for model in (User, Post, Follow, Like, Comment))


def test_seed_demo_twice_leaves_the_same_site(runner, row_count):
    """The second `flask seed-demo` (`make demo` again) adds nothing and says so."""
    first = runner.invoke(args=["seed-demo", "--posts-per-user", "1"])
    assert first.exit_code == 0, first.output
    seeded = site_contents(row_count)
    assert seeded[:2] == (len(PEOPLE), len(PEOPLE)) and min(seeded) > 0
    second = runner.invoke(args=["seed-demo", "--posts-per-user", "1"])
    assert second.exit_code == 0, second.output
    assert "already there" in second.output and "nothing added" in second.output
    assert site_contents(row_count) == seeded


def test_seed_demo_refuses_a_site_where_a_demo_name_is_taken(runner, make_user, row_count):
    """Someone already called eve: the demo adds nobody rather than make her like things."""
    make_user("eve")
    result = runner.invoke(args=["seed-demo", "--posts-per-user", "1"])
    assert result.exit_code == 1
    assert "Some demo usernames are taken (eve)" in result.output
    assert site_contents(row_count) == (1, 0, 0, 0, 0)
