"""What a post may hold: caption limits, Unicode, escaping, control characters, image URLs."""

import html
import re

import pytest
import sqlalchemy as sa
from conftest import IMAGE, XSS, new_post, post_id_of, textarea

from flaskgram.models import Post, PostImage

EMOJI = "Sunset 🌅 👩‍👩‍👧‍👦 🇫🇷 naïve café 中文 \U0001d4bb\U0001d4c7 \U00020000 \U0001f9ff"


@pytest.mark.parametrize("char", ["a", "é", "🦄"])
def test_caption_of_2200_characters_is_kept_whole(client, logged_in, scalar, char):
    """Case 26: 2,200 characters, even 4-byte ones, are stored exactly."""
    caption = char * 2200
    post_id = post_id_of(new_post(client, caption=caption))
    assert scalar(sa.select(Post).where(Post.id == post_id)).caption == caption


@pytest.mark.parametrize("char", ["a", "🦄"])
def test_caption_of_2201_characters_is_refused_and_kept(client, logged_in, row_count, char):
    """Case 26: 2,201 characters: 400 with a message, the text still in the form, no row."""
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
    """Emoji and other 4-byte characters come back exactly, in the database and on pages.

    Case 26.
    """
    post_id = post_id_of(new_post(client, caption=EMOJI, alt_text=EMOJI))
    row = scalar(sa.select(Post).where(Post.id == post_id))
    alt_text = scalar(sa.select(PostImage.alt_text).where(PostImage.post_id == post_id))
    assert (row.caption, alt_text) == (EMOJI, EMOJI)
    assert EMOJI in client.get(f"/p/{post_id}").text
    assert EMOJI in client.get("/").text


def test_script_caption_is_stored_as_typed_and_shown_escaped(client, logged_in, scalar):
    """An XSS payload is stored verbatim and shown escaped on every page, title included.

    Case 25.
    """
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
    """NUL and other control characters in any field: 400 with a message, no row, no 500.

    Case 27.
    """
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
        "https://images.example.com:99999/a.jpg",
        "https://images.example.com:http/a.jpg",
        "https://images.example.com/" + "a" * 2022,  # 2,049 characters
    ],
)
def test_bad_image_urls_are_refused(client, logged_in, row_count, url):
    """Case 35: Anything but a plain https:// address of at most 2,048 characters is a 400."""
    response = new_post(client, caption="Keep me", image_url=url)
    assert response.status_code == 400
    assert 'class="error"' in response.text
    assert textarea(response.text, "caption") == "Keep me"
    assert row_count(Post) == 0


def test_image_url_of_2048_characters_works(client, logged_in, picture_site, scalar):
    """The longest allowed address is fetched, and kept whole as the picture's source."""
    start = picture_site.url("/photo")
    url = start + "a" * (2048 - len(start))
    assert len(url) == 2048
    post_id = post_id_of(new_post(client, image_url=url))
    assert scalar(sa.select(PostImage).where(PostImage.post_id == post_id)).source_url == url
