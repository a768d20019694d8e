"""nginx in front of gunicorn, configured by docs/nginx.conf itself (README, "Production").

nginx sends static files and photos; the app still decides who may see a photo. Two app
servers behind it share one MariaDB, Redis and S3-compatible storage: a login, a post and
a rate limit are the same whichever server answers.
"""

import io
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import live_server
import pytest
from conftest import PASSWORD
from live_server import ROOT, Browser, free_port, wait_for
from photos import jpeg
from services import REDIS_URL
from werkzeug.datastructures import FileStorage

REQUIRE_NGINX = os.environ.get("FLASKGRAM_REQUIRE_NGINX") == "1"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MEDIA_NAME = re.compile(r'src="/media/([A-Za-z0-9_-]+\.jpg)"')


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if not Path(NGINX).exists():
        if REQUIRE_NGINX:
            pytest.fail("nginx is required (apt-get install nginx-light) but not installed")
        pytest.skip("nginx is not installed")
    return NGINX


def site_config(app_servers: list[str], port: int, media_root: Path) -> str:
    """docs/nginx.conf with this test's app servers, port and folders put in."""
    config = (ROOT / "docs" / "nginx.conf").read_text()
    servers = "".join(f"    server {urlsplit(base).netloc};\n" for base in app_servers)
    replaced = {
        r"(upstream flaskgram \{\n(?:\s*#[^\n]*\n)*)(?:    server [^\n]+\n)+": rf"\g<1>{servers}",
        r"listen 127\.0\.0\.1:8080;": f"listen 127.0.0.1:{port};",
        r"/srv/flaskgram/instance/media/": f"{media_root}/",
        r"/srv/flaskgram/": f"{ROOT}/",
    }
    for pattern, replacement in replaced.items():
        config, count = re.subn(pattern, replacement, config)
        assert count, f"docs/nginx.conf no longer has {pattern!r}: update this test"
    return config


@contextmanager
def nginx(binary: str, folder: Path, app_servers: list[str], media_root: Path):
    """Run nginx in the foreground with the site's config; yield its base URL."""
    port = free_port()
    (folder / "nginx").mkdir()
    main = folder / "nginx" / "nginx.conf"
    main.write_text(
        f"""
error_log {folder}/nginx/error.log warn;
pid {folder}/nginx/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/nginx/access.log;
    client_body_temp_path {folder}/nginx/body;
    proxy_temp_path {folder}/nginx/proxy;
    fastcgi_temp_path {folder}/nginx/fastcgi;
    uwsgi_temp_path {folder}/nginx/uwsgi;
    scgi_temp_path {folder}/nginx/scgi;
{site_config(app_servers, port, media_root)}
}}
"""
    )
    command = [
        *(binary, "-p", f"{folder}/nginx", "-e", f"{folder}/nginx/error.log", "-c", str(main)),
        *("-g", "daemon off; master_process off;"),
    ]
    server = subprocess.Popen(command)  # noqa: S603 (our own test server)
    base = f"http://127.0.0.1:{port}"
    try:

        def started() -> bool:
            if server.poll() is not None:
                raise RuntimeError((folder / "nginx" / "error.log").read_text())
            return live_server.answers(base)

        wait_for(started, live_server.STARTUP_SECONDS, "nginx")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def post_photo(browser: Browser, caption: str) -> str:
    """Post a photo through the new-post form; return its stored name, read off the feed."""
    photo = FileStorage(io.BytesIO(jpeg(800, 600)), "photo.jpg", content_type="image/jpeg")
    answer = browser.post("/posts/new", {"caption": caption}, files={"image": photo})
    assert answer.status == 302, answer.text
    feed = browser.get("/")
    assert caption in feed.text
    return MEDIA_NAME.search(feed.text).group(1)


def test_nginx_sends_static_files_and_photos_after_the_login_check(
    nginx_binary, database_url, tmp_path, make_user
):
    """SECURITY.md case 64: behind nginx a photo's bytes come from nginx, only after the
    app has checked the login; nginx's internal media folder is never served directly."""
    media_root = tmp_path / "media"
    settings = {"FLASKGRAM_MEDIA_ACCEL_REDIRECT": "/_media/"}
    app_server = live_server.gunicorn(database_url, tmp_path, workers=2, settings=settings)
    with (
        app_server as (app_base, _),
        nginx(nginx_binary, tmp_path, [app_base], media_root) as base,
    ):
        make_user("alice")
        alice = Browser(base)
        alice.log_in("alice", PASSWORD)
        name = post_photo(alice, "Through nginx")

        photo = alice.get(f"/media/{name}")
        assert photo.status == 200
        assert photo.content == (media_root / name).read_bytes()
        assert photo.headers["Content-Type"] == "image/jpeg"
        assert photo.headers["Cache-Control"] == "private, max-age=31536000, immutable"
        assert photo.headers["X-Content-Type-Options"] == "nosniff"
        assert photo.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert photo.headers["X-Accel-Redirect"] is None
        # The app itself sent no bytes: it left them to nginx.
        alice.base = app_base
        from_app = alice.get(f"/media/{name}")
        assert from_app.headers["X-Accel-Redirect"] == f"/_media/{name}"
        assert from_app.content == b""

        anonymous = Browser(base)
        refused = anonymous.get(f"/media/{name}")
        assert refused.status == 302
        assert refused.headers["Location"].startswith("/login")
        assert anonymous.get(f"/_media/{name}").status == 404
        assert anonymous.get("/_media/../../app.py").status in (400, 404)

        style = anonymous.get("/static/style.css")
        assert style.status == 200
        assert style.content == (ROOT / "flaskgram" / "static" / "style.css").read_bytes()
        assert style.headers["Cache-Control"] == "public, max-age=3600"
        assert style.headers["Server"].startswith("nginx")


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_two_app_servers_share_logins_posts_photos_and_rate_limits(
    nginx_binary, database_url, tmp_path, make_user, redis_db, s3_server, s3_bucket
):
    """Two gunicorns on different ports, one MariaDB, Redis and S3: what one server did,
    the other knows, and nginx in front serves the one site."""
    settings = {
        "FLASKGRAM_MEDIA_STORAGE": "s3",
        "FLASKGRAM_S3_BUCKET": s3_bucket,
        "FLASKGRAM_S3_ENDPOINT_URL": s3_server,
        "FLASKGRAM_RATELIMIT_STORAGE_URI": REDIS_URL,
        "FLASKGRAM_LOGIN_RATE_LIMIT": "3 per hour",
    }
    one_folder, two_folder = tmp_path / "one", tmp_path / "two"
    one_folder.mkdir()
    two_folder.mkdir()
    with (
        live_server.gunicorn(database_url, one_folder, workers=2, settings=settings) as (one, _),
        live_server.gunicorn(database_url, two_folder, workers=2, settings=settings) as (two, _),
        nginx(nginx_binary, tmp_path, [one, two], tmp_path / "unused-media") as front,
    ):
        make_user("alice")
        alice = Browser(one)
        alice.log_in("alice", PASSWORD)
        name = post_photo(alice, "Made on server one")

        # Same cookies, the other server: still logged in, and the post and photo are there.
        alice.base = two
        feed = alice.get("/")
        assert feed.status == 200
        assert "Made on server one" in feed.text
        photo = alice.get(f"/media/{name}")
        assert photo.status == 200
        assert photo.content[:2] == b"\xff\xd8"

        # Through nginx, whichever server answers.
        alice.base = front
        for _ in range(4):
            assert "Made on server one" in alice.get("/").text

        # Failed logins counted once across both servers (Redis), not three on each.
        guesser = Browser(one)
        guesser.pick_up_token("/login")
        statuses = []
        for base in (one, two, one, two):
            guesser.base = base
            statuses.append(guesser.post("/login", {"username": "alice", "password": "no"}).status)
        assert statuses == [400, 400, 400, 429]
