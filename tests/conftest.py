"""Fixtures: every test runs once on SQLite and once on MariaDB, through the HTTP client."""

import html
import io
import ipaddress
import os
import re
import socket
import threading
from collections.abc import Callable
from contextlib import contextmanager
from functools import cache

import photos
import pymysql
import pytest
import sites
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from flaskgram import accounts, counts, create_app, fetch, media, posts
from flaskgram.extensions import db
from flaskgram.models import Post, PostImage, User

# The browser fixtures (Chromium, a served app, a tab at phone and laptop size), the mail
# fixtures (a real SMTP server on loopback), and the services several app servers share
# (Redis, S3-compatible storage).
pytest_plugins = ["browsing", "smtp_server", "services"]

PASSWORD = "correct horse battery"
MARIADB_SERVER = os.environ.get("FLASKGRAM_TEST_MARIADB", "root@127.0.0.1:3306")
# CI must prove the MariaDB run happened: there a missing server fails instead of skipping.
REQUIRE_MARIADB = os.environ.get("FLASKGRAM_REQUIRE_MARIADB") == "1"
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test secret key",
    "HTTPS": False,
    "PASSWORD_HASH_METHOD": "scrypt:256:8:1",  # cheap for tests; production is scrypt:32768:8:3
    "RATELIMIT_ENABLED": False,
}
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CARD_IDS = re.compile(r'<article class="card" id="post-(\d+)"')
REMEMBER_COOKIE = "remember_token"
IMAGE = "https://images.example.com/a.jpg"
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=["sqlite", "mariadb", "both"],
        default="both",
        help="which database(s) to run the suite on",
    )


def pytest_collection_modifyitems(config, items):
    """With --db sqlite or --db mariadb, leave out the other database's runs."""
    chosen = config.getoption("--db")
    if chosen == "both":
        return
    keep, drop = [], []
    for item in items:
        param = getattr(item, "callspec", None) and item.callspec.params.get("database_url")
        if item.get_closest_marker("mariadb_only"):  # runs once, on a server of its own
            param = "mariadb"
        (drop if param not in (None, chosen) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def mariadb_connection(database: str | None = None):
    user, _, address = MARIADB_SERVER.rpartition("@")
    host, _, port = address.partition(":")
    return pymysql.connect(
        host=host,
        port=int(port or 3306),
        user=user or "root",
        database=database,
        charset="utf8mb4",
        connect_timeout=5,
    )


def is_loopback_or_number(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in (None, "localhost"):
        return True
    try:
        ipaddress.ip_address(str(host).partition("%")[0])
    except ValueError:
        return False
    return True


@pytest.fixture(autouse=True)
def no_outside_names(monkeypatch):
    """Tests never depend on an outside host: names other than localhost resolve nowhere.

    Without this, a post by an address such as https://images.example.com/ would send a
    DNS question out of the machine; with it, the fetch fails as for an unknown site.
    """
    real_getaddrinfo = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if is_loopback_or_number(host):
            return real_getaddrinfo(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"{host}: tests resolve no outside names")

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.fixture(scope="session", params=["sqlite", "mariadb"])
def database_url(request, tmp_path_factory, worker_id):
    """Create a fresh, migrated test database for this worker and yield its URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite')}/flaskgram.db"
    else:
        # The process id keeps two test runs on one server out of each other's way.
        name = f"flaskgram_test_{worker_id}_{os.getpid()}"
        try:
            server = mariadb_connection()
        except pymysql.err.OperationalError as error:
            if REQUIRE_MARIADB:
                pytest.fail(f"MariaDB is required but unreachable at {MARIADB_SERVER}: {error}")
            pytest.skip(f"MariaDB not reachable at {MARIADB_SERVER}")
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(
                f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        user, _, address = MARIADB_SERVER.rpartition("@")
        url = f"mysql+pymysql://{user}@{address}/{name}?charset=utf8mb4"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if request.param == "mariadb":
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        server.close()


@pytest.fixture
def backend(database_url) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "mariadb"


class Client(FlaskClient):
    """The test client, plus form posts that carry a CSRF token like a browser's would."""

    def csrf_token(self) -> str:
        page = self.get("/posts/new")
        if page.status_code != 200:  # anonymous: the login form has a token too
            page = self.get("/login")
        return CSRF_INPUT.search(page.text).group(1)

    def post_form(self, path: str, data: dict | None = None, **kwargs):
        return self.post(path, data={"csrf_token": self.csrf_token(), **(data or {})}, **kwargs)


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": database_url, "MEDIA_ROOT": str(tmp_path / "media")}
    )
    app.test_client_class = Client
    yield app
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: Client):
        self.client = client

    def signup(self, username="alice", email=None, password=PASSWORD):
        return self.client.post_form(
            "/signup",
            {
                "username": username,
                "email": email or f"{username}@example.com",
                "password": password,
            },
        )

    def login(self, username="alice", password=PASSWORD, remember=False, next=None):
        data = {"username": username, "password": password}
        if remember:
            data["remember"] = "y"
        if next is not None:
            data["next"] = next
        return self.client.post_form("/login", data)

    def logout(self):
        return self.client.post_form("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


def login_client(app, username="alice", remember=False) -> Client:
    """A separate browser, logged in as this user."""
    browser = app.test_client()
    AuthActions(browser).login(username, remember=remember)
    return browser


def sharing_session(app, browser, count: int) -> list[Client]:
    """This many new browsers, each carrying this browser's session cookie."""
    cookie = browser.get_cookie("session").value
    browsers = [app.test_client() for _ in range(count)]
    for other in browsers:
        other.set_cookie("session", cookie)
    return browsers


@cache
def small_photo() -> bytes:
    return photos.jpeg(40, 30)


def new_post(client, caption="A caption", image_url=None, **fields):
    """Post the new-post form with a small photo, or with the given image address."""
    data = {"caption": caption, "alt_text": "", **fields}
    if image_url is None:
        data["image"] = (io.BytesIO(small_photo()), "photo.jpg", "image/jpeg")
    else:
        data["image_url"] = image_url
    return client.post_form("/posts/new", data)


def stored_post(author, caption="A caption", alt_text="", photos=1) -> Post:
    """Create a post with small stored photos, as an upload does (inside an app context)."""
    uploads = [io.BytesIO(small_photo()) for _ in range(photos)]
    with media.saved_uploads(uploads, keep_original=True) as images:
        return posts.create_post(
            author, caption=caption, alt_texts=[alt_text] * photos, images=images
        )


def unfetched_post(author, image_url=IMAGE, caption="A caption", alt_text="") -> Post:
    """A post made by address before pictures were fetched: its one photo row has only the
    address (revision 0005 moved posts.image_url there)."""
    post = Post(user_id=author.id, caption=caption)
    post.images = [PostImage(position=1, remote_url=image_url, alt_text=alt_text)]
    counts.add_to_count(User.post_count, author.id, +1)
    db.session.add(post)
    db.session.commit()
    return post


def post_id_of(response) -> int:
    """The id of the post a successful form post redirected to."""
    assert response.status_code == 302, response.text
    return int(re.fullmatch(r"/p/(\d+)", response.headers["Location"]).group(1))


def textarea(page: str, name: str) -> str:
    """The text in a page's textarea, unescaped."""
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(?:\r?\n)?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


def card_ids(page) -> list[int]:
    """The post ids of a feed page's cards, in order."""
    assert page.status_code == 200
    return [int(found) for found in CARD_IDS.findall(page.text)]


def assert_security_headers(response):
    """The headers every response carries, error pages included (case 19)."""
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def all_at_once(calls: list[Callable[[], object]]) -> list:
    """Run each call in its own thread, released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait()
            results[n] = call()
        except Exception as error:  # a crash in a thread would otherwise go unnoticed
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def make_user(app):
    def make(username="alice", password=PASSWORD, email=None):
        with app.app_context():
            return accounts.create_user(username, email or f"{username}@example.com", password)

    return make


@pytest.fixture
def make_post(app):
    def make(author, caption="A caption", alt_text="", photos=1):
        with app.app_context():
            return stored_post(author, caption=caption, alt_text=alt_text, photos=photos)

    return make


@pytest.fixture
def make_unfetched_post(app):
    def make(author, image_url=IMAGE, caption="A caption", alt_text=""):
        with app.app_context():
            return unfetched_post(author, image_url, caption, alt_text)

    return make


@pytest.fixture
def picture_site(app, tmp_path):
    """An HTTPS picture site on loopback that this app, and only this app, may fetch from."""
    site = sites.start(tmp_path)
    fetch.allow_local_sites(
        app,
        fetch.LocalSites(
            {sites.NAME: "127.0.0.1", sites.WRONG_NAME: "127.0.0.1"}, ca_file=site.ca_file
        ),
    )
    app.config.update(FETCH_CONNECT_TIMEOUT=2, FETCH_READ_TIMEOUT=0.5, FETCH_DEADLINE=1.5)
    yield site
    sites.stop(site)


@pytest.fixture
def logged_in(make_user, auth):
    """A user called alice, logged in on the client."""
    user = make_user("alice")
    auth.login("alice")
    return user


@pytest.fixture
def scalar(app):
    """Run one statement in the app's database and return its first column."""

    def run(statement):
        with app.app_context():
            return db.session.scalar(statement)

    return run


@pytest.fixture
def row_count(app):
    def count(model, *conditions):
        with app.app_context():
            query = sa.select(sa.func.count()).select_from(model).where(*conditions)
            return db.session.scalar(query)

    return count


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a ``with count_queries() as queries:`` block."""

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counting
