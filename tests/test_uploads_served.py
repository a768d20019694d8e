"""Uploaded photos served back by /media/<name>, and the <img> tags that show them."""

import pytest
import sqlalchemy as sa
from photos import img_tags, jpeg, latest_post, upload

from flaskgram.extensions import db
from flaskgram.models import PostImage


@pytest.fixture
def uploaded(logged_in, client, app) -> str:
    """The stored name of a photo alice uploaded."""
    response = client.post_form("/posts/new", {"image": upload(jpeg(1600, 1200)), "caption": "Hi"})
    assert response.status_code == 302
    return latest_post(app).images[0].image_name


def test_media_requires_login(uploaded, client, app):
    """Case 24: Send an anonymous visitor to the login page instead of the photo."""
    anonymous = app.test_client()
    response = anonymous.get(f"/media/{uploaded}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert response.data[:2] != b"\xff\xd8"


@pytest.mark.parametrize("thumbnail", [False, True])
def test_media_headers(uploaded, client, thumbnail):
    """Serve a JPEG with nosniff, a sandboxing CSP, a strong ETag and a year of caching."""
    name = uploaded.replace(".jpg", "_640.jpg") if thumbnail else uploaded
    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.data[:2] == b"\xff\xd8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp
    assert response.headers["ETag"] == f'"{name}"'  # strong: no W/ prefix
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=31536000" in cache_control
    assert "private" in cache_control


def test_media_answers_304_to_a_matching_etag(uploaded, client):
    """Answer a revalidation with the same ETag with 304 and no body."""
    etag = client.get(f"/media/{uploaded}").headers["ETag"]
    response = client.get(f"/media/{uploaded}", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    other = client.get(f"/media/{uploaded}", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/media/NoSuchFileAtAllxxxxxxxxx.jpg",
        "/media/app.py",
        "/media/..%2F..%2Fapp.py",
        "/media/.hidden.jpg",
        "/media/photo.png",
        "/media/" + "a" * 101 + ".jpg",
        "/media/%00.jpg",
    ],
)
def test_media_bad_names_are_404(uploaded, client, path):
    """Answer 404 for names that are missing or could never have been stored."""
    assert client.get(path).status_code == 404


def test_feed_and_post_img_tags(uploaded, client, app):
    """Give uploaded photos' <img> a srcset, sizes, width, height, lazy loading and alt."""
    with app.app_context():
        db.session.execute(sa.update(PostImage).values(alt_text="A teal square <here>"))
        db.session.commit()
    post = latest_post(app)
    thumb = uploaded.replace(".jpg", "_640.jpg")

    feed_img = [i for i in img_tags(client.get("/").text) if "post-image" in i["class"]]
    post_img = [
        i for i in img_tags(client.get(f"/p/{post.id}").text) if "post-image" in i["class"]
    ]

    for img, lazy in [(feed_img[0], True), (post_img[0], False)]:
        assert img["src"] == f"/media/{uploaded}"
        assert img["srcset"] == f"/media/{thumb} 640w, /media/{uploaded} 1080w"
        assert img["sizes"]
        assert (img["width"], img["height"]) == ("1080", "810")
        assert img["alt"] == "A teal square <here>"
        # The feed is lazy; a post's own page shows its photo at once (it is the main content).
        assert (img.get("loading") == "lazy") is lazy


def test_media_behind_nginx_answers_x_accel_redirect(uploaded, client, app):
    """With MEDIA_ACCEL_REDIRECT, the app checks the login and the name and leaves the
    bytes to nginx; an anonymous visitor still gets the login page, with no redirect."""
    app.config["MEDIA_ACCEL_REDIRECT"] = "/_media/"
    response = client.get(f"/media/{uploaded}")
    assert response.status_code == 200
    assert response.headers["X-Accel-Redirect"] == f"/_media/{uploaded}"
    assert response.data == b""
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    anonymous = app.test_client().get(f"/media/{uploaded}")
    assert anonymous.status_code == 302
    assert "X-Accel-Redirect" not in anonymous.headers
    assert "X-Accel-Redirect" not in client.get("/media/app.py").headers


def test_original_download_behind_nginx_keeps_its_file_name(uploaded, client, app):
    app.config["MEDIA_ACCEL_REDIRECT"] = "/_media/"
    post = latest_post(app)
    response = client.get(f"/p/{post.id}/photos/1/original")
    assert response.status_code == 200
    assert response.headers["X-Accel-Redirect"].startswith("/_media/")
    assert response.headers["X-Accel-Redirect"].endswith("_original.jpg")
    assert response.headers["Content-Disposition"].startswith("attachment")
