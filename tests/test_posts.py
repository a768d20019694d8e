"""Creating, showing, editing and deleting posts, and what a caption may hold."""

import html
import re
import time

import pytest
import sqlalchemy as sa
from conftest import AuthActions
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from flaskgram import content
from flaskgram.models import Comment, Like, Post, User

IMAGE = "https://images.example.com/a.jpg"
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
EMOJI = "Sunset 🌅 👩‍👩‍👧‍👦 🇫🇷 naïve café 中文 \U0001d4bb\U0001d4c7 \U00020000 \U0001f9ff"


def new_post(client, caption="A caption", image_url=IMAGE, **fields):
    return client.post_form(
        "/posts/new", {"image_url": image_url, "caption": caption, "alt_text": "", **fields}
    )


def post_id_of(response) -> int:
    assert response.status_code == 302, response.text
    return int(re.fullmatch(r"/p/(\d+)", response.headers["Location"]).group(1))


def login_client(app, username):
    """A second browser, logged in as someone else."""
    other = app.test_client()
    AuthActions(other).login(username)
    return other


def textarea(page, name):
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(?:\r?\n)?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1))


def test_create_post_by_url(client, logged_in, scalar):
    """A URL post redirects to its page, which shows the image, caption and author."""
    response = new_post(client, caption="Hello world", alt_text="A cat")
    post = scalar(sa.select(Post).where(Post.id == post_id_of(response)))
    assert (post.image_url, post.caption, post.alt_text) == (IMAGE, "Hello world", "A cat")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Hello world" in page.text and f'src="{IMAGE}"' in page.text
    assert 'href="/u/alice"' in page.text and 'alt="A cat"' in page.text
    assert scalar(sa.select(User).where(User.id == logged_in.id)).post_count == 1


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


def test_post_without_image_is_refused(client, logged_in, row_count):
    """Neither an upload nor an address: 400 with a message, caption kept, no row."""
    response = new_post(client, caption="Only words", image_url="")
    assert response.status_code == 400
    assert "Choose a photo to upload or give an image address." in response.text
    assert textarea(response.text, "caption") == "Only words"
    assert row_count(Post) == 0


def test_post_without_csrf_token_writes_nothing(client, logged_in, row_count):
    """A form post with no CSRF token is refused."""
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


def test_csrf_token_signed_with_another_key_is_refused(app, client, logged_in, row_count):
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
    assert (row.caption, row.alt_text, row.edited_at is not None) == ("After", "Dog", True)
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
        content.like_post(bob, post)
        content.add_comment(bob, post, "Nice")
    response = client.post_form(f"/p/{post.id}/delete")
    assert response.headers["Location"] == "/u/alice"
    assert client.get(f"/p/{post.id}").status_code == 404
    assert row_count(Post) == 1 and row_count(Like) == 0 and row_count(Comment) == 0
    assert scalar(sa.select(User).where(User.id == logged_in.id)).post_count == 1
    assert client.get(f"/p/{kept.id}").status_code == 200


def test_delete_by_get_is_not_allowed(client, logged_in, make_post, row_count):
    """Deleting needs a POST."""
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
    """Another user's edit or delete gets a 404 and the post stays as it was."""
    alice = make_user("alice")
    make_user("bob")
    post = make_post(alice, caption="Mine", alt_text="Alt")
    bob = login_client(app, "bob")
    path = path.format(id=post.id)
    response = bob.get(path) if method == "get" else bob.post_form(path, data)
    assert response.status_code == 404
    row = scalar(sa.select(Post).where(Post.id == post.id))
    assert (row.caption, row.alt_text, row.edited_at) == ("Mine", "Alt", None)
    assert bob.get(f"/p/{post.id}").status_code == 200
    assert "Edit</a>" not in bob.get(f"/p/{post.id}").text


def test_fields_a_client_may_not_set_are_ignored(client, logged_in, make_user, scalar):
    """user_id, author and the counts in a form are ignored when creating and editing."""
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
    assert (row.user_id, row.like_count, row.comment_count) == (logged_in.id, 0, 0)
    assert (row.image_name, row.image_url, row.caption) == (None, IMAGE, "Edited")
    assert row.created_at.year > 2000 and post_id != 424242
    assert scalar(sa.select(User).where(User.id == bob.id)).post_count == 0


@pytest.mark.parametrize("char", ["a", "é", "🦄"])
def test_caption_of_2200_characters_is_kept_whole(client, logged_in, scalar, char):
    """2,200 characters, even 4-byte ones, are stored exactly."""
    caption = char * 2200
    post_id = post_id_of(new_post(client, caption=caption))
    assert scalar(sa.select(Post).where(Post.id == post_id)).caption == caption


@pytest.mark.parametrize("char", ["a", "🦄"])
def test_caption_of_2201_characters_is_refused_and_kept(client, logged_in, row_count, char):
    """2,201 characters: 400 with a message, the text still in the form, no row."""
    caption = char * 2201
    response = new_post(client, caption=caption)
    assert response.status_code == 400
    assert "at most 2,200 characters" in response.text
    assert textarea(response.text, "caption") == caption
    assert row_count(Post) == 0


def test_edit_caption_too_long_keeps_text(client, logged_in, make_post, scalar):
    """Editing to 2,201 characters is a 400 with the typed text kept; the post is unchanged."""
    post = make_post(logged_in, caption="Short")
    response = client.post_form(f"/p/{post.id}/edit", {"caption": "b" * 2201, "alt_text": ""})
    assert response.status_code == 400
    assert textarea(response.text, "caption") == "b" * 2201
    assert scalar(sa.select(Post).where(Post.id == post.id)).caption == "Short"


def test_emoji_round_trip_exactly(client, logged_in, scalar):
    """Emoji and other 4-byte characters come back exactly, in the database and on pages."""
    post_id = post_id_of(new_post(client, caption=EMOJI, alt_text=EMOJI))
    row = scalar(sa.select(Post).where(Post.id == post_id))
    assert (row.caption, row.alt_text) == (EMOJI, EMOJI)
    assert EMOJI in client.get(f"/p/{post_id}").text
    assert EMOJI in client.get("/").text


def test_script_caption_is_stored_as_typed_and_shown_escaped(client, logged_in, scalar):
    """An XSS payload is stored verbatim and shown escaped on every page, title included."""
    post_id = post_id_of(new_post(client, caption=XSS, alt_text=XSS))
    assert scalar(sa.select(Post).where(Post.id == post_id)).caption == XSS
    escaped = str(html.escape(XSS, quote=False))
    for path in ("/", f"/p/{post_id}", f"/p/{post_id}/edit", "/u/alice"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert 'alt="<' not in page and "onerror=alert(1)>" not in page, path
    title = re.search(r"<title>(.*?)</title>", client.get(f"/p/{post_id}").text, re.S).group(1)
    assert escaped in title
    assert escaped in client.get("/").text


@pytest.mark.parametrize("field", ["caption", "alt_text", "image_url"])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused(client, logged_in, row_count, field, char):
    """NUL and other control characters in any field: 400 with a message, no row, no 500."""
    data = {"caption": "ok", "image_url": IMAGE, "alt_text": "ok"}
    data[field] += char + "tail"
    response = new_post(client, **data)
    assert response.status_code == 400
    assert "control characters" in response.text
    assert row_count(Post) == 0


def test_control_characters_in_edit_are_refused(client, logged_in, make_post, scalar):
    """A NUL typed into an edit is a 400; the post keeps its caption."""
    post = make_post(logged_in, caption="Clean")
    response = client.post_form(f"/p/{post.id}/edit", {"caption": "a\x00b", "alt_text": ""})
    assert response.status_code == 400
    assert scalar(sa.select(Post).where(Post.id == post.id)).caption == "Clean"


def test_line_breaks_are_kept_as_br(client, logged_in, scalar):
    """Line breaks (any style) are stored as \\n and shown as <br>, the rest escaped."""
    post_id = post_id_of(new_post(client, caption="one\r\ntwo\n<b>three</b>"))
    assert scalar(sa.select(Post).where(Post.id == post_id)).caption == ("one\ntwo\n<b>three</b>")
    for path in ("/", f"/p/{post_id}"):
        assert "one<br>\ntwo<br>\n&lt;b&gt;three&lt;/b&gt;" in client.get(path).text


@pytest.mark.parametrize(
    "url",
    [
        "http://images.example.com/a.jpg",
        "ftp://images.example.com/a.jpg",
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "//images.example.com/a.jpg",
        "https:///a.jpg",
        "https://user:pass@images.example.com/a.jpg",
        "https://user@images.example.com/a.jpg",
        "https://[::1/a.jpg",
        "https://images.example.com/" + "a" * 2022,  # 2,049 characters
    ],
)
def test_bad_image_urls_are_refused(client, logged_in, row_count, url):
    """Anything but a plain https:// address of at most 2,048 characters is a 400."""
    response = new_post(client, caption="Keep me", image_url=url)
    assert response.status_code == 400
    assert 'class="error"' in response.text
    assert textarea(response.text, "caption") == "Keep me"
    assert row_count(Post) == 0


def test_image_url_of_2048_characters_works(client, logged_in, scalar):
    """The longest allowed address is stored whole."""
    url = "https://images.example.com/" + "a" * 2021
    assert len(url) == 2048
    post_id = post_id_of(new_post(client, image_url=url))
    assert scalar(sa.select(Post).where(Post.id == post_id)).image_url == url


def test_url_images_send_no_referrer(client, logged_in, make_post):
    """Every <img> of a URL post carries referrerpolicy="no-referrer"."""
    post = make_post(logged_in)
    for path in ("/", f"/p/{post.id}", f"/p/{post.id}/edit", "/u/alice", "/following"):
        images = re.findall(rf'<img[^>]*src="{re.escape(IMAGE)}"[^>]*>', client.get(path).text)
        assert images, path
        assert all('referrerpolicy="no-referrer"' in tag for tag in images), path
