"""Comments: adding, showing, limits, and who may delete them."""

import html
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import XSS, all_at_once, login_client, sharing_session, textarea

from flaskgram import comments
from flaskgram.models import Comment, Post


@pytest.fixture
def post(make_user, make_post):
    """A post by bob."""
    return make_post(make_user("bob"))


@pytest.fixture
def comment_count(scalar):
    def count(post_id: int) -> int:
        return scalar(sa.select(Post.comment_count).where(Post.id == post_id))

    return count


@pytest.fixture
def comment_by(app):
    """Add a comment as someone, straight through the rules."""

    def add(author, post, body="A comment"):
        with app.app_context():
            return comments.add_comment(author, post, body)

    return add


def test_add_comment(client, logged_in, post, row_count, comment_count):
    """A comment is saved, counted, shown on the post page, and leads back to the post."""
    response = client.post_form(f"/p/{post.id}/comments", {"body": "  Lovely light  "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{post.id}#post-{post.id}"
    assert row_count(Comment, Comment.post_id == post.id, Comment.body == "Lovely light") == 1
    assert comment_count(post.id) == 1
    page = client.get(f"/p/{post.id}").text
    assert "Lovely light" in page and "1 comment</h2>" in page


def test_comment_returns_to_a_safe_next(client, logged_in, post):
    """Commenting from the feed goes back to the feed; an outside next goes to the post."""
    response = client.post_form(f"/p/{post.id}/comments", {"body": "Hi", "next": "/?before=9"})
    assert response.headers["Location"] == f"/?before=9#post-{post.id}"
    response = client.post_form(f"/p/{post.id}/comments", {"body": "Hi", "next": "//evil.example"})
    assert response.headers["Location"] == f"/p/{post.id}#post-{post.id}"


def test_comments_are_oldest_first_with_authors(app, client, logged_in, post, make_user):
    """The post page lists every comment, oldest first, each with its author linked."""
    make_user("carol")
    carol = login_client(app, "carol")
    for n, browser in enumerate([client, carol, client, carol]):
        browser.post_form(f"/p/{post.id}/comments", {"body": f"Comment number {n}"})
    page = client.get(f"/p/{post.id}").text
    positions = [page.index(f"Comment number {n}") for n in range(4)]
    assert positions == sorted(positions)
    assert 'href="/u/carol">carol</a> <span class="comment-body">Comment number 1' in page
    assert "4 comments</h2>" in page


def test_a_post_page_shows_its_comments_a_page_at_a_time(
    app, client, logged_in, post, make_user, comment_by, count_queries
):
    """A post with many comments shows COMMENTS_PER_PAGE of them, oldest first, and a link
    to the newer ones; its SQL is the same for a page of one comment and of a full page."""
    app.config["COMMENTS_PER_PAGE"] = 3
    carol = make_user("carol")
    comment_by(carol, post, "Comment number 0")
    client.get(f"/p/{post.id}")  # warm up: connections are not the page's cost
    with count_queries() as one_comment:
        client.get(f"/p/{post.id}")
    ids = [comment_by(carol, post, f"Comment number {n}").id for n in range(1, 7)]

    with count_queries() as full_page:
        first = client.get(f"/p/{post.id}").text
    second = client.get(f"/p/{post.id}?after={ids[1]}").text
    last = client.get(f"/p/{post.id}?after={ids[4]}").text

    shown = [
        [n for n in range(7) if f"Comment number {n}<" in page] for page in (first, second, last)
    ]
    assert shown == [[0, 1, 2], [3, 4, 5], [6]]
    assert "7 comments</h2>" in first and "7 comments</h2>" in last
    assert f'href="/p/{post.id}?after={ids[1]}#comments">Newer comments</a>' in first
    assert f'href="/p/{post.id}?after={ids[4]}#comments">Newer comments</a>' in second
    assert "Newer comments</a>" not in last
    assert len(full_page) == len(one_comment)
    past_the_end = client.get(f"/p/{post.id}?after={ids[5]}")
    assert past_the_end.status_code == 200 and "No newer comments." in past_the_end.text


@pytest.mark.parametrize("body", ["", "   ", "\n\n", "\t"])
def test_empty_comment_is_refused(client, logged_in, post, row_count, comment_count, body):
    """Case 27: An empty or blank comment is a 400 with a message by the box; nothing is saved."""
    response = client.post_form(f"/p/{post.id}/comments", {"body": body})
    assert response.status_code == 400
    assert "A comment can&#39;t be empty." in response.text
    assert 'aria-invalid="true"' in response.text
    assert row_count(Comment) == 0 and comment_count(post.id) == 0


@pytest.mark.parametrize("char", ["a", "🦄"])
def test_comment_of_1000_characters_is_kept_whole(client, logged_in, post, scalar, char):
    """1,000 characters, even 4-byte ones, are stored exactly."""
    body = char * 1000
    assert client.post_form(f"/p/{post.id}/comments", {"body": body}).status_code == 302
    assert scalar(sa.select(Comment.body).where(Comment.post_id == post.id)) == body


@pytest.mark.parametrize("char", ["a", "🦄"])
def test_comment_of_1001_characters_is_refused_and_kept(
    client, logged_in, post, row_count, comment_count, char
):
    """1,001 characters: 400 with a message, the typed text still in the box, nothing saved."""
    body = char * 1001
    response = client.post_form(f"/p/{post.id}/comments", {"body": body})
    assert response.status_code == 400
    assert "at most 1,000 characters" in response.text
    assert textarea(response.text, "body") == body
    assert row_count(Comment) == 0 and comment_count(post.id) == 0


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1b", "\x7f"])
def test_control_characters_are_refused(client, logged_in, post, row_count, char):
    """Case 27: NUL and other control characters in a comment: 400, never 500."""
    response = client.post_form(f"/p/{post.id}/comments", {"body": f"Hi{char}there"})
    assert response.status_code == 400
    assert "control characters" in response.text
    assert row_count(Comment) == 0


def test_comment_is_stored_as_typed_and_shown_escaped(client, logged_in, post, scalar):
    """An XSS payload with line breaks is stored verbatim and escaped on the post and feed.

    Case 25.
    """
    body = f"{XSS}\nsecond line 🌅"
    client.post_form(f"/p/{post.id}/comments", {"body": body})
    assert scalar(sa.select(Comment.body).where(Comment.post_id == post.id)) == body
    escaped = html.escape(XSS, quote=False)
    for path in ("/", f"/p/{post.id}"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert f"{escaped}<br>\nsecond line 🌅" in page, path


def test_comment_without_csrf_token_is_refused(client, logged_in, post, row_count):
    """A comment posted without a CSRF token is a 400 and is not saved."""
    assert client.post(f"/p/{post.id}/comments", data={"body": "Hi"}).status_code == 400
    assert row_count(Comment) == 0


def test_comment_on_missing_or_deleted_post_is_404(client, logged_in, make_post, row_count):
    """Case 27: Comments on a post that never existed or was deleted are 404."""
    mine = make_post(logged_in)
    assert client.post_form(f"/p/{mine.id}/delete").status_code == 302
    for post_id in (mine.id, 999999):
        assert client.post_form(f"/p/{post_id}/comments", {"body": "Hi"}).status_code == 404
    assert row_count(Comment) == 0


def test_get_on_comment_routes_is_405(client, logged_in, post):
    """Adding and deleting comments are POST only."""
    assert client.get(f"/p/{post.id}/comments").status_code == 405
    assert client.get(f"/p/{post.id}/comments/1/delete").status_code == 405


@pytest.mark.parametrize("deleter", ["carol", "bob"])
def test_comment_author_or_post_author_may_delete(
    app, make_user, post, comment_by, row_count, comment_count, deleter
):
    """The comment's author (carol) and the post's author (bob) may both delete it."""
    carol = make_user("carol")
    comment_by(carol, post, "Keep or not")
    comment = comment_by(carol, post, "Delete me")
    browser = login_client(app, deleter)
    page = browser.get(f"/p/{post.id}").text
    assert f'action="/p/{post.id}/comments/{comment.id}/delete"' in page
    response = browser.post_form(f"/p/{post.id}/comments/{comment.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{post.id}"
    assert row_count(Comment, Comment.id == comment.id) == 0
    assert row_count(Comment) == 1 and comment_count(post.id) == 1
    assert "Delete me" not in browser.get(f"/p/{post.id}").text


def test_others_cannot_delete_a_comment(
    app, make_user, post, comment_by, row_count, comment_count
):
    """Someone who wrote neither the comment nor the post gets a 404; the comment stays.

    Case 22.
    """
    carol = make_user("carol")
    make_user("dave")
    comment = comment_by(carol, post, "Mine")
    dave = login_client(app, "dave")
    assert "/delete" not in dave.get(f"/p/{post.id}").text
    response = dave.post_form(f"/p/{post.id}/comments/{comment.id}/delete")
    assert response.status_code == 404
    assert row_count(Comment, Comment.id == comment.id, Comment.body == "Mine") == 1
    assert comment_count(post.id) == 1


def test_comment_delete_needs_the_right_post(
    app, make_user, make_post, post, comment_by, row_count, comment_count
):
    """A comment id under another post's address is a 404, even for its author."""
    carol = make_user("carol")
    carols_post = make_post(carol)
    comment = comment_by(carol, post, "On bob's post")
    browser = login_client(app, "carol")
    response = browser.post_form(f"/p/{carols_post.id}/comments/{comment.id}/delete")
    assert response.status_code == 404
    assert row_count(Comment) == 1
    assert (comment_count(post.id), comment_count(carols_post.id)) == (1, 0)


def test_deleting_twice_is_404_and_counts_stay_right(
    client, logged_in, post, comment_by, row_count, comment_count
):
    """A second delete of the same comment is a 404 and the count does not drop again."""
    first = comment_by(logged_in, post, "One")
    comment_by(logged_in, post, "Two")
    path = f"/p/{post.id}/comments/{first.id}/delete"
    assert client.post_form(path).status_code == 302
    assert client.post_form(path).status_code == 404
    assert client.post_form(f"/p/{post.id}/comments/999999/delete").status_code == 404
    assert row_count(Comment) == 1 and comment_count(post.id) == 1


def test_counts_match_rows_after_adds_and_deletes(
    client, logged_in, make_user, post, comment_by, row_count, comment_count
):
    """After a mix of adds and deletes the stored count equals the rows, on the page too."""
    carol = make_user("carol")
    made = [comment_by(carol if n % 2 else logged_in, post, f"C{n}") for n in range(5)]
    for n in range(3):
        client.post_form(f"/p/{post.id}/comments", {"body": f"Mine {n}"})
    client.post_form(f"/p/{post.id}/comments/{made[0].id}/delete")
    client.post_form(f"/p/{post.id}/comments/{made[1].id}/delete")  # carol's: refused
    assert row_count(Comment, Comment.post_id == post.id) == 7
    assert comment_count(post.id) == 7
    assert "7 comments</h2>" in client.get(f"/p/{post.id}").text
    assert "View all 7 comments" in client.get("/").text


def test_comments_racing_a_post_delete_never_fail(
    app, client, logged_in, make_user, make_post, row_count
):
    """Comments sent while the author deletes the post get 302 or 404, never a 500."""
    make_user("bob")
    post = make_post(logged_in)
    bob = login_client(app, "bob")
    bob_token = bob.csrf_token()
    requests = [(browser, "comments", bob_token) for browser in sharing_session(app, bob, 12)]
    requests.append((client, "delete", client.csrf_token()))

    def send(browser, action, token):
        data = {"csrf_token": token, "body": "Hi"}
        return browser.post(f"/p/{post.id}/{action}", data=data).status_code

    results = all_at_once([partial(send, *request) for request in requests])
    assert set(results) <= {302, 404}, results
    assert row_count(Post) == 0 and row_count(Comment) == 0
