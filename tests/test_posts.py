"""Creating, showing, editing and deleting posts, and who may do it."""

import time
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import (
    IMAGE,
    all_at_once,
    login_client,
    new_post,
    post_id_of,
    sharing_session,
    textarea,
)
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from flaskgram import comments, likes
from flaskgram.models import Comment, Like, Post, PostImage, User


def test_create_post(client, logged_in, scalar):
    """A new post redirects to its page, which shows the stored photo, caption and author."""
    response = new_post(client, caption="Hello world", alt_text="A cat")
    post = scalar(sa.select(Post).where(Post.id == post_id_of(response)))
    photo = scalar(sa.select(PostImage).where(PostImage.post_id == post.id))
    assert (photo.remote_url, post.caption, photo.alt_text) == (None, "Hello world", "A cat")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Hello world" in page.text and f'src="/media/{photo.image_name}"' in page.text
    assert 'href="/u/alice"' in page.text and 'alt="A cat"' in page.text
    assert scalar(sa.select(User).where(User.id == logged_in.id)).post_count == 1


def test_create_post_by_url(app, client, logged_in, picture_site, scalar):
    """Case 44: a post by address gets the picture itself, kept under /media like an upload."""
    address = picture_site.url("/photo.jpg")
    response = new_post(client, caption="Hello world", image_url=address)
    post = scalar(sa.select(Post).where(Post.id == post_id_of(response)))
    photo = scalar(sa.select(PostImage).where(PostImage.post_id == post.id))
    assert (photo.remote_url, photo.source_url, post.caption) == (None, address, "Hello world")
    assert photo.original_name is None  # a fetched picture was never anyone's upload
    page = client.get(response.headers["Location"]).text
    assert f'src="/media/{photo.image_name}"' in page and address not in page


def test_new_post_form_is_shown(client, logged_in):
    """The new-post page has every field and a CSRF token."""
    page = client.get("/posts/new")
    assert page.status_code == 200
    for name in ("image", "image_url", "caption", "alt_text", "csrf_token"):
        assert f'name="{name}"' in page.text


def test_missing_post_is_404(client, logged_in):
    """A post id that does not exist is a 404 on every post route."""
    assert client.get("/p/999999").status_code == 404
    assert client.get("/p/999999/edit").status_code == 404
    assert client.post_form("/p/999999/delete").status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/p/{big}"),
        ("get", "/p/{big}/edit"),
        ("post", "/p/{big}/edit"),
        ("post", "/p/{big}/delete"),
        ("post", "/p/{big}/like"),
        ("post", "/p/{big}/unlike"),
        ("post", "/p/{big}/comments"),
        ("post", "/p/{id}/comments/{big}/delete"),
    ],
)
def test_ids_beyond_64_bits_are_404(client, logged_in, make_post, method, path):
    """An id too big for the database is a plain 404, not an error from the driver."""
    post = make_post(logged_in)
    path = path.format(big="9" * 20, id=post.id)
    response = client.get(path) if method == "get" else client.post_form(path, {"body": "Hi"})
    assert response.status_code == 404


def test_post_without_image_is_refused(client, logged_in, row_count):
    """Neither an upload nor an address: 400 with a message, caption kept, no row."""
    response = new_post(client, caption="Only words", image_url="")
    assert response.status_code == 400
    assert "Choose a photo to upload or give an image address." in response.text
    assert textarea(response.text, "caption") == "Only words"
    assert row_count(Post) == 0


def test_post_without_csrf_token_writes_nothing(client, logged_in, row_count):
    """Case 16: A form post with no CSRF token is refused."""
    response = client.post("/posts/new", data={"image_url": IMAGE, "caption": "x"})
    assert response.status_code == 400
    assert row_count(Post) == 0


def test_expired_csrf_token_keeps_the_caption(app, client, logged_in, row_count):
    """A token made hours ago re-shows the form with the typed caption and a message."""
    client.get("/posts/new")
    with client.session_transaction() as session:
        raw_token = session["csrf_token"]

    class FiveHoursAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 5 * 3600

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt="wtf-csrf-token", signer=FiveHoursAgo
    )
    old_token = serializer.dumps(raw_token)
    response = client.post(
        "/posts/new",
        data={"csrf_token": old_token, "image_url": IMAGE, "caption": "My long caption"},
    )
    assert response.status_code == 400
    assert "expired" in response.text
    assert textarea(response.text, "caption") == "My long caption"
    assert f'value="{IMAGE}"' in response.text
    assert row_count(Post) == 0


def test_csrf_token_signed_with_another_key_is_refused(client, logged_in, row_count):
    """A token signed by another site's key is invalid; the form comes back filled in."""
    client.get("/posts/new")
    with client.session_transaction() as session:
        raw_token = session["csrf_token"]
    forged = URLSafeTimedSerializer("another key", salt="wtf-csrf-token").dumps(raw_token)
    response = client.post(
        "/posts/new", data={"csrf_token": forged, "image_url": IMAGE, "caption": "Kept"}
    )
    assert response.status_code == 400
    assert textarea(response.text, "caption") == "Kept"
    assert row_count(Post) == 0


def test_author_edits_caption_and_alt_text(client, logged_in, make_post, scalar):
    """The edit form shows the current values; saving changes them and marks the post edited."""
    post = make_post(logged_in, caption="Before")
    form = client.get(f"/p/{post.id}/edit")
    assert form.status_code == 200 and textarea(form.text, "caption") == "Before"
    response = client.post_form(f"/p/{post.id}/edit", {"caption": "After", "alt_text": "Dog"})
    assert response.headers["Location"] == f"/p/{post.id}"
    row = scalar(sa.select(Post).where(Post.id == post.id))
    alt_text = scalar(sa.select(PostImage.alt_text).where(PostImage.post_id == post.id))
    assert (row.caption, alt_text, row.edited_at is not None) == ("After", "Dog", True)
    page = client.get(f"/p/{post.id}").text
    assert "After" in page and "Before" not in page and "edited" in page


def test_author_deletes_post_with_its_likes_and_comments(
    app, client, logged_in, make_user, make_post, row_count, scalar
):
    """Deleting removes the post, its likes and comments, and lowers the post count."""
    bob = make_user("bob")
    post = make_post(logged_in)
    kept = make_post(logged_in, caption="Kept")
    with app.app_context():
        likes.like_post(bob, post)
        comments.add_comment(bob, post, "Nice")
    response = client.post_form(f"/p/{post.id}/delete")
    assert response.headers["Location"] == "/u/alice"
    assert client.get(f"/p/{post.id}").status_code == 404
    assert row_count(Post) == 1 and row_count(Like) == 0 and row_count(Comment) == 0
    assert scalar(sa.select(User).where(User.id == logged_in.id)).post_count == 1
    assert client.get(f"/p/{kept.id}").status_code == 200


def test_delete_by_get_is_not_allowed(client, logged_in, make_post, row_count):
    """Case 17: Deleting needs a POST."""
    post = make_post(logged_in)
    assert client.get(f"/p/{post.id}/delete").status_code == 405
    assert row_count(Post) == 1


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/p/{id}/edit", None),
        ("post", "/p/{id}/edit", {"caption": "Hacked", "alt_text": "Hacked"}),
        ("post", "/p/{id}/delete", {}),
    ],
)
def test_others_cannot_edit_or_delete(app, make_user, make_post, scalar, method, path, data):
    """Case 22: Another user's edit or delete gets a 404 and the post stays as it was."""
    alice = make_user("alice")
    make_user("bob")
    post = make_post(alice, caption="Mine", alt_text="Alt")
    bob = login_client(app, "bob")
    path = path.format(id=post.id)
    response = bob.get(path) if method == "get" else bob.post_form(path, data)
    assert response.status_code == 404
    row = scalar(sa.select(Post).where(Post.id == post.id))
    alt_text = scalar(sa.select(PostImage.alt_text).where(PostImage.post_id == post.id))
    assert (row.caption, alt_text, row.edited_at) == ("Mine", "Alt", None)
    assert bob.get(f"/p/{post.id}").status_code == 200
    assert "Edit</a>" not in bob.get(f"/p/{post.id}").text


def test_fields_a_client_may_not_set_are_ignored(client, logged_in, make_user, scalar):
    """Case 23: user_id, author and the counts in a form are ignored when creating and editing."""
    bob = make_user("bob")
    forged = {
        "user_id": bob.id,
        "author": "bob",
        "like_count": "99",
        "comment_count": "7",
        "created_at": "2000-01-01",
        "image_name": "x.jpg",
        "id": "424242",
    }
    post_id = post_id_of(new_post(client, **forged))
    client.post_form(f"/p/{post_id}/edit", {"caption": "Edited", "alt_text": "", **forged})
    row = scalar(sa.select(Post).where(Post.id == post_id))
    image_name = scalar(sa.select(PostImage.image_name).where(PostImage.post_id == post_id))
    assert (row.user_id, row.like_count, row.comment_count) == (logged_in.id, 0, 0)
    assert image_name not in (None, "x.jpg") and row.caption == "Edited"
    assert row.created_at.year > 2000 and post_id != 424242
    assert scalar(sa.select(User).where(User.id == bob.id)).post_count == 0


def test_concurrent_deletes_count_the_post_once(app, client, logged_in, make_post, scalar):
    """Ten simultaneous deletes of one post (a double click): no 500, post count right."""
    make_post(logged_in, caption="Stays")
    post = make_post(logged_in, caption="Goes")
    token, browsers = client.csrf_token(), sharing_session(app, client, 10)

    def click(browser):
        return browser.post(f"/p/{post.id}/delete", data={"csrf_token": token}).status_code

    results = all_at_once([partial(click, browser) for browser in browsers])
    assert set(results) <= {302, 404} and 302 in results, results
    assert scalar(sa.select(User.post_count).where(User.id == logged_in.id)) == 1
    assert scalar(sa.select(sa.func.count()).select_from(Post)) == 1
