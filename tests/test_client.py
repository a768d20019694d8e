"""The React client's build, served at /app/ (web/client.py), from a fake Vite build."""

from pathlib import Path

import pytest
from conftest import assert_security_headers

from flaskgram import security
from flaskgram.web import client as web_client

INDEX = '<!doctype html><script type="module" src="/app/assets/app-abc123.js"></script>'
SCRIPT = b"console.log('Flaskgram');"
SITE_CSP = (
    "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.fixture
def dist(app, tmp_path) -> Path:
    """A built client as Vite leaves it, and a secret file beside it that must stay there."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "app-abc123.js").write_bytes(SCRIPT)
    (folder / "assets" / "app-abc123.css").write_text("body { margin: 0 }")
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not for the web")
    app.config["CLIENT_DIST"] = str(folder)
    return folder


def fetch(client, path: str, **kwargs):
    """GET a path, reading the response whole and closing the file send_file opened."""
    with client.get(path, **kwargs) as response:
        response.get_data()
        return response


def assert_index(response):
    assert response.status_code == 200, response.text
    assert response.text == INDEX
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path", ["/app/", "/app/p/12", "/app/u/alice/followers", "/app/login?next=/app/", "/app/x.js"]
)
def test_every_screen_gets_index_html_without_login(client, dist, path):
    """Deep links and reloads work; the client shows its own login, so no redirect."""
    assert_index(fetch(client, path))


def test_app_without_a_slash_moves_to_the_slash(client, dist):
    response = fetch(client, "/app")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/app/")


def test_logged_in_people_get_the_same_page(client, dist, logged_in):
    assert_index(fetch(client, "/app/settings"))


def test_index_html_is_revalidated_not_kept(client, dist):
    first = fetch(client, "/app/")
    again = fetch(client, "/app/feed", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_assets_are_cached_for_a_year(client, dist):
    response = fetch(client, "/app/assets/app-abc123.js")
    assert response.status_code == 200
    assert response.data == SCRIPT
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = fetch(client, "/app/assets/app-abc123.css")
    assert css.status_code == 200 and css.mimetype == "text/css"


def test_a_missing_asset_is_404_not_the_page(client, dist):
    response = fetch(client, "/app/assets/app-old999.js")
    assert response.status_code == 404
    assert INDEX not in response.text


def test_files_of_the_builds_top_folder_are_served_as_themselves(client, dist):
    """Vite copies public/ (a favicon, robots.txt) there; their names carry no hash."""
    response = fetch(client, "/app/favicon.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/app/assets/../../secret.txt",
        "/app/assets/..%2f..%2fsecret.txt",
        "/app/assets/%2e%2e/%2e%2e/secret.txt",
        "/app/assets/../../../flaskgram/config.py",
        "/app/assets/..\\..\\secret.txt",
    ],
)
def test_assets_never_leave_the_build_folder(client, dist, path):
    response = fetch(client, path)
    assert response.status_code == 404
    assert "not for the web" not in response.text
    assert "DefaultConfig" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/app/../secret.txt",
        "/app/..%2fsecret.txt",
        "/app/%2e%2e/secret.txt",
        "/app/assets//etc/passwd",  # no asset name starts with "/": a screen
    ],
)
def test_screens_never_leave_the_build_folder(client, dist, path):
    """A path that would leave it is just another screen of the client: index.html."""
    response = fetch(client, path)
    assert "not for the web" not in response.text and "root:" not in response.text
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert_index(response)


def test_the_page_allows_the_client_and_nothing_more(client, dist):
    """Scripts and styles from this site only (no inline), blob: previews, API calls here."""
    response = fetch(client, "/app/p/3")
    policy = dict(
        directive.split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split("; ")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' blob:"
    assert policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert_security_headers(response)


def test_the_rest_of_the_site_keeps_its_policy(client, dist, logged_in):
    """Case 19: the client's page changes no other page's policy."""
    for path in ("/login", "/", "/app/assets/app-abc123.js", "/api/v1/docs"):
        assert fetch(client, path).headers["Content-Security-Policy"] == SITE_CSP, path
    assert security.CONTENT_SECURITY_POLICY == SITE_CSP


@pytest.mark.parametrize("path", ["/app/", "/app/p/12"])
def test_an_unbuilt_client_says_how_to_build_it(app, client, tmp_path, path):
    app.config["CLIENT_DIST"] = str(tmp_path / "no-build-here")
    response = fetch(client, path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.text
    assert "isn't built" in page
    assert "Node.js 20" in page and "make run" in page
    assert "cd frontend &amp;&amp; npm ci &amp;&amp; npm run build" in page
    assert 'href="/"' in page  # the HTML site
    assert str(tmp_path) not in page  # no server paths shown
    assert fetch(client, "/app/assets/app-abc123.js").status_code == 404


def test_the_build_folder_is_frontend_dist_unless_configured(app):
    repository = Path(__file__).resolve().parent.parent
    with app.app_context():
        assert web_client.dist_folder() == repository / "frontend" / "dist"
