"""Several gunicorn worker processes writing to one SQLite file at once (SECURITY.md case 42)."""

import http.cookiejar
import io
import urllib.error
import urllib.parse
import urllib.request

import live_server
import pytest
from conftest import CSRF_INPUT, PASSWORD, all_at_once, small_photo
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram.models import Comment, Like, Post

WORKERS = 3


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """Run the app under gunicorn with several workers, sharing the test database."""
    with live_server.gunicorn(database_url, tmp_path, workers=WORKERS) as (base, _server):
        yield base


class Browser:
    """A person with their own cookies, talking to the server over real HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        fields = {"csrf_token": self.token, **data}
        if any(isinstance(value, bytes) for value in fields.values()):  # a file: multipart
            files = {
                name: FileStorage(io.BytesIO(value), "photo.jpg", content_type="image/jpeg")
                if isinstance(value, bytes)
                else value
                for name, value in fields.items()
            }
            boundary, body = encode_multipart(files)
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 (our own server on loopback)
            self.base + path, body, headers={"Content-Type": content_type}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def log_in(self, username: str) -> None:
        self.token = CSRF_INPUT.search(self.get("/login")).group(1)
        assert self.post("/login", {"username": username, "password": PASSWORD}) == 302
        self.token = CSRF_INPUT.search(self.get("/posts/new")).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_workers_write_to_sqlite_at_once_without_locking_errors(
    gunicorn, make_user, make_post, row_count
):
    people = [make_user(f"user{i}") for i in range(4)]
    posts = [make_post(people[0], caption=f"Post {i}") for i in range(5)]
    browsers = []
    for person in people:
        browser = Browser(gunicorn)
        browser.log_in(person.username)
        browsers.append(browser)

    calls = []
    for browser in browsers:
        for post in posts:
            calls.append(lambda b=browser, p=post: b.post(f"/p/{p.id}/like", {}))
            calls.append(lambda b=browser, p=post: b.post(f"/p/{p.id}/comments", {"body": "Hi"}))
        calls.append(
            lambda b=browser: b.post("/posts/new", {"image": small_photo(), "caption": "Mine"})
        )
    statuses = all_at_once(calls)

    assert statuses == [302] * len(calls)
    assert row_count(Like) == len(people) * len(posts)
    assert row_count(Comment) == len(people) * len(posts)
    assert row_count(Post) == len(posts) + len(people)
    assert row_count(Post, Post.like_count != len(people)) == len(people)  # only the new ones
