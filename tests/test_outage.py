"""MariaDB goes away under a real gunicorn and comes back (SECURITY.md case 41).

The test starts its own MariaDB server, on its own port and data folder, so stopping it
never disturbs the shared server the other tests use. It runs once, outside the
sqlite/mariadb matrix.
"""

import io
import shutil
import signal
import threading

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, TEST_CONFIG, assert_security_headers
from flask_migrate import upgrade
from live_server import Browser, gunicorn, wait_for, worker_pids
from photos import jpeg
from private_mariadb import PrivateMariaDB, require_mariadbd
from werkzeug.datastructures import FileStorage

from flaskgram import create_app
from flaskgram.errors import DATABASE_RETRY_AFTER
from flaskgram.extensions import db
from flaskgram.media import rendition_names
from flaskgram.models import Comment, Follow, Like, Post, PostImage, User

pytestmark = pytest.mark.mariadb_only  # left out by --db sqlite

UNAVAILABLE = "The service is briefly unavailable. Please try again in a few seconds."


@pytest.fixture(scope="module")
def mariadb_server(tmp_path_factory):
    """A private, migrated MariaDB; removed with its folder whatever the test did."""
    require_mariadbd()
    folder = tmp_path_factory.mktemp("mariadb")
    server = PrivateMariaDB(folder)
    try:
        server.install()
        server.start()
        server.create_database()
        app = create_app({**TEST_CONFIG, "DATABASE_URL": server.url})
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield server
    finally:
        server.kill()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(mariadb_server, tmp_path_factory):
    """gunicorn with three workers on the private MariaDB: (base URL, server, its folder)."""
    folder = tmp_path_factory.mktemp("site")
    try:
        with gunicorn(mariadb_server.url, folder, workers=3) as (base, server):
            yield base, server, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def people(site):
    """alice posts, bob likes and comments, carol follows: each in their own browser."""
    base = site[0]
    browsers = {}
    for name in ("alice", "bob", "carol"):
        browsers[name] = Browser(base)
        browsers[name].sign_up(name, PASSWORD)
        browsers[name].api_log_in(name, PASSWORD)
    return browsers


def new_post(browser: Browser, caption: str):
    """Post a small photo: every post is a stored photo (posts by address are fetched too)."""
    image = FileStorage(io.BytesIO(jpeg(64, 48)), "photo.jpg", content_type="image/jpeg")
    return browser.post("/posts/new", {"caption": caption, "alt_text": ""}, {"image": image})


# What each person keeps doing during the outage test: (kind, call(browser, post, text)).
WRITES = {
    "alice": [
        ("photo", lambda browser, post, text: new_post(browser, text)),
    ],
    "bob": [
        ("comment", lambda browser, post, text: browser.post(f"{post}/comments", {"body": text})),
        ("like", lambda browser, post, text: browser.post(f"{post}/like")),
        ("unlike", lambda browser, post, text: browser.post(f"{post}/unlike")),
    ],
    "carol": [
        ("follow", lambda browser, post, text: browser.post("/u/alice/follow")),
        ("unfollow", lambda browser, post, text: browser.post("/u/alice/unfollow")),
        ("comment", lambda browser, post, text: browser.post(f"{post}/comments", {"body": text})),
    ],
}


class Traffic:
    """People who keep writing (posts, photos, likes, comments, follows) until told to stop."""

    def __init__(self, people: dict[str, Browser], post_id: int):
        self.people, self.post = people, f"/p/{post_id}"
        self.answers: list[tuple[str, str, int]] = []  # (kind, unique text, status)
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.keep_writing, args=(name,)) for name in people
        ]

    def keep_writing(self, name: str) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            text = f"{name} {n}"
            for kind, call in WRITES[name]:
                answer = call(self.people[name], self.post, text)
                self.answers.append((kind, text, answer.status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def statuses(self) -> set[int]:
        return {status for _, _, status in self.answers}


def assert_unavailable_page(answer, name: str) -> None:
    assert answer.status == 503, f"{name}: {answer.status} {answer.text[:300]}"
    # At least our 5 s; Flask-Limiter raises it to its window's end on the login form.
    assert int(answer.headers["Retry-After"]) >= DATABASE_RETRY_AFTER, name
    assert_security_headers(answer)
    if name.startswith("json"):
        assert answer.headers["Content-Type"] == "application/json", name
    else:
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8", name
        assert UNAVAILABLE in answer.text, name
        assert answer.headers["X-Request-ID"] in answer.text, name
    assert "Internal Server Error" not in answer.text, name


def every_kind_of_request(people: dict[str, Browser], stranger: Browser, post_id: int) -> dict:
    alice, bob = people["alice"], people["bob"]
    return {
        "feed": alice.get("/"),
        "post page": alice.get(f"/p/{post_id}"),
        "profile": bob.get("/u/alice"),
        "new post form": alice.get("/posts/new"),
        "new post": new_post(alice, "during the outage"),
        "like": bob.post(f"/p/{post_id}/like"),
        "comment": bob.post(f"/p/{post_id}/comments", {"body": "during the outage"}),
        "login form post": stranger.post("/login", {"username": "bob", "password": PASSWORD}),
        "json healthz, logged in": alice.get("/healthz"),
        "json healthz, anonymous": Browser(stranger.base).get("/healthz"),
        "json api, logged in": alice.get("/api/v1/feed"),
    }


def count_mismatches(connection) -> list[str]:
    """Every stored count that differs from the rows it counts."""
    posts, users = Post.__table__, User.__table__

    def rows_of(table, column, id_column):
        return sa.select(sa.func.count()).where(column == id_column).scalar_subquery()

    checks = [
        (posts, posts.c.like_count, rows_of(Like.__table__, Like.post_id, posts.c.id)),
        (posts, posts.c.comment_count, rows_of(Comment.__table__, Comment.post_id, posts.c.id)),
        (users, users.c.post_count, rows_of(posts, Post.user_id, users.c.id)),
        (users, users.c.follower_count, rows_of(Follow.__table__, Follow.followee_id, users.c.id)),
        (
            users,
            users.c.following_count,
            rows_of(Follow.__table__, Follow.follower_id, users.c.id),
        ),
    ]
    found = []
    for table, stored, counted in checks:
        query = sa.select(table.c.id, stored, counted).where(stored != counted)
        for row_id, value, rows in connection.execute(query):
            found.append(f"{table.name} {row_id}: {stored.name} {value}, rows {rows}")
    return found


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_database_outage_answers_503_and_recovers_whole(mariadb_server, site, people, stop_signal):
    """Case 41: while MariaDB is down every request is a friendly 503, and nothing is half-written.

    Writes are in flight when the server dies; afterwards the same session cookies work
    again, every stored count equals its rows, every acknowledged write is stored, and
    every post still has its photo files.
    """
    base, server, folder = site
    if not mariadb_server.running:  # a failed earlier run left it stopped
        mariadb_server.start()
    alice = people["alice"]
    first = new_post(alice, "before the outage")
    assert first.status == 302, first.text
    post_id = int(first.headers["Location"].rsplit("/", 1)[1])
    stranger = Browser(base)
    stranger.pick_up_token("/login")
    workers = worker_pids(server.pid)

    with Traffic(people, post_id) as traffic:
        wait_for(lambda: len(traffic.answers) >= 15, 60, "writes before the outage")
        mariadb_server.stop(stop_signal)
        stopped_at = len(traffic.answers)
        wait_for(lambda: len(traffic.answers) >= stopped_at + 15, 60, "writes during it")
    statuses = [status for _, _, status in traffic.answers]
    print(
        f"{stop_signal.name}: {len(statuses)} writes, {statuses.count(302)} answered 302, "
        f"{statuses.count(503)} answered 503"
    )
    assert traffic.statuses() <= {302, 503}, traffic.answers
    assert 503 in traffic.statuses()

    for name, answer in every_kind_of_request(people, stranger, post_id).items():
        assert_unavailable_page(answer, name)
    # Static files need no database: the 503 page keeps its styles, even with a cookie.
    assert alice.get("/static/style.css").status == 200

    mariadb_server.start()
    feed = alice.get("/")
    assert feed.status == 200, feed.text
    assert 'class="menu-name">alice<' in feed.text  # still logged in, same cookie
    assert people["bob"].post(f"/p/{post_id}/like").status == 302
    assert stranger.post("/login", {"username": "bob", "password": PASSWORD}).status == 302
    assert Browser(base).get("/healthz").status == 200
    assert worker_pids(server.pid) == workers  # no worker timed out or died

    engine = sa.create_engine(mariadb_server.url)
    try:
        with engine.connect() as connection:
            assert count_mismatches(connection) == []
            comments = set(connection.scalars(sa.select(Comment.body)))
            captions = set(connection.scalars(sa.select(Post.caption)))
            photos = sa.select(PostImage.image_name, PostImage.original_name).where(
                PostImage.image_name.is_not(None)
            )
            images = list(connection.execute(photos))
    finally:
        engine.dispose()
    for kind, text, status in traffic.answers:
        stored = text in (comments if kind == "comment" else captions)
        if kind in ("comment", "post", "photo") and status == 302:
            assert stored, f"{kind} {text!r} was answered 302 but is not stored"
    assert "during the outage" not in comments | captions
    assert "a photo during the outage" not in captions
    expected_files = {
        name
        for image, original in images
        for name in [*rendition_names(image), *([original] if original else [])]
    }
    stored_files = {path.name for path in (folder / "media").iterdir()}
    assert expected_files - stored_files == set(), "posts whose image files are gone"
    # A photo whose commit was cut off keeps its files (its row may exist); nothing else does.
    cut_off = sum(kind == "photo" and status == 503 for kind, _, status in traffic.answers)
    unused = stored_files - expected_files
    assert all(name.endswith(".jpg") and not name.startswith(".") for name in unused)
    # Two renditions and the original a photo.
    assert len(unused) <= 3 * cut_off, "files no post uses"

    log = (folder / "gunicorn.log").read_text()
    assert "Error handling request" not in log  # gunicorn's own bare 500
    assert "unhandled error" not in log  # our 500 page
