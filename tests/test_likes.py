"""Liking and unliking: idempotent, counted, safe redirects, and safe under concurrency."""

from functools import partial

import pytest
import sqlalchemy as sa
from conftest import all_at_once, login_client, sharing_session

from flaskgram.models import Like, Notification, Post

JSON = {"Accept": "application/json"}


@pytest.fixture
def post(make_user, make_post):
    """A post by bob for alice to like."""
    return make_post(make_user("bob"))


@pytest.fixture
def like_count(scalar):
    def count(post_id: int) -> int:
        return scalar(sa.select(Post.like_count).where(Post.id == post_id))

    return count


def test_like_and_unlike_are_idempotent(client, logged_in, post, row_count, like_count):
    """Liking twice keeps one like; unliking twice leaves none; the count follows."""
    for _ in range(2):
        assert client.post_form(f"/p/{post.id}/like").status_code == 302
        assert row_count(Like, Like.post_id == post.id) == 1
        assert like_count(post.id) == 1
    for _ in range(2):
        assert client.post_form(f"/p/{post.id}/unlike").status_code == 302
        assert row_count(Like, Like.post_id == post.id) == 0
        assert like_count(post.id) == 0


def test_likes_by_several_people_add_up(client, logged_in, post, auth, like_count):
    """Each person's like counts once, and the post page shows the total."""
    client.post_form(f"/p/{post.id}/like")
    auth.logout()
    auth.login("bob")
    client.post_form(f"/p/{post.id}/like")
    assert like_count(post.id) == 2
    assert "<span data-like-count>2</span> likes" in client.get(f"/p/{post.id}").text


def test_post_page_shows_my_like(client, logged_in, post):
    """After liking, the post page's heart is pressed and its form unlikes."""
    client.post_form(f"/p/{post.id}/like")
    page = client.get(f"/p/{post.id}").text
    assert 'aria-pressed="true"' in page and f'action="/p/{post.id}/unlike"' in page
    assert "<span data-like-count>1</span> like</p>" in page


@pytest.mark.parametrize(
    "action, liked, count",
    [("like", True, 1), ("unlike", False, 0)],
)
def test_json_answer_for_scripts(client, logged_in, post, action, liked, count):
    """With Accept: application/json the answer is the new state and count."""
    if action == "unlike":
        client.post_form(f"/p/{post.id}/like")
    response = client.post_form(f"/p/{post.id}/{action}", headers=JSON)
    assert response.status_code == 200
    assert response.json == {"liked": liked, "like_count": count}


def test_json_answer_when_already_liked(client, logged_in, post):
    """Liking again by script reports the unchanged state."""
    client.post_form(f"/p/{post.id}/like")
    response = client.post_form(f"/p/{post.id}/like", headers=JSON)
    assert response.json == {"liked": True, "like_count": 1}


@pytest.mark.parametrize("action", ["like", "unlike"])
def test_redirects_back_to_a_safe_next(client, logged_in, post, action):
    """A plain form post returns to the page it came from, at the post."""
    response = client.post_form(f"/p/{post.id}/{action}", {"next": "/u/bob?before=5"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/u/bob?before=5#post-{post.id}"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/evil.example",
        "",
    ],
)
def test_unsafe_next_goes_to_the_post(client, logged_in, post, next_url):
    """A next that leaves the site, or none, lands on the post instead."""
    response = client.post_form(f"/p/{post.id}/like", {"next": next_url})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{post.id}#post-{post.id}"


@pytest.mark.parametrize("action", ["like", "unlike"])
@pytest.mark.parametrize("headers", [{}, JSON])
def test_missing_post_is_404(client, logged_in, row_count, action, headers):
    """Liking a post that does not exist is a 404 and writes nothing."""
    assert client.post_form(f"/p/999999/{action}", headers=headers).status_code == 404
    assert row_count(Like) == 0


def test_liking_a_deleted_post_is_404(client, logged_in, make_post, row_count):
    """Once a post is deleted, likes of it are 404."""
    mine = make_post(logged_in)
    client.post_form(f"/p/{mine.id}/delete")
    assert client.post_form(f"/p/{mine.id}/like").status_code == 404
    assert row_count(Like) == 0


@pytest.mark.parametrize("action", ["like", "unlike"])
def test_get_is_not_allowed(client, logged_in, post, action, row_count):
    """Case 17: Likes change state, so GET gets a 405."""
    assert client.get(f"/p/{post.id}/{action}").status_code == 405
    assert row_count(Like) == 0


def test_like_without_csrf_token_is_refused(client, logged_in, post, row_count, like_count):
    """A like with no CSRF token (a cross-site form) is 400 and changes nothing."""
    for headers in ({}, JSON):
        assert client.post(f"/p/{post.id}/like", headers=headers).status_code == 400
    assert row_count(Like) == 0 and like_count(post.id) == 0


def test_anonymous_like_goes_to_login(client, post, row_count):
    """A visitor who is not logged in is sent to log in; nothing is written."""
    response = client.post_form(f"/p/{post.id}/like")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert row_count(Like) == 0


@pytest.mark.parametrize("action, rows", [("like", 1), ("unlike", 0)])
def test_twenty_concurrent_likes_by_one_user(
    app, client, logged_in, post, row_count, like_count, action, rows
):
    """Twenty simultaneous (un)likes by one user: no error, one outcome, a matching count.

    Case 39.
    """
    if action == "unlike":
        client.post_form(f"/p/{post.id}/like")
    token, browsers = client.csrf_token(), sharing_session(app, client, 20)

    def click(browser):
        return browser.post(f"/p/{post.id}/{action}", data={"csrf_token": token}).status_code

    results = all_at_once([partial(click, browser) for browser in browsers])
    assert results == [302] * 20, results
    assert row_count(Like, Like.post_id == post.id) == rows
    assert like_count(post.id) == rows


def test_likes_racing_a_post_delete_never_fail(
    app, client, logged_in, make_user, make_post, row_count
):
    """Likes sent while the author deletes the post get a redirect or 404, never a 500,
    and leave no like or notification behind."""
    make_user("bob")
    post = make_post(logged_in)
    bob = login_client(app, "bob")
    bob_token = bob.csrf_token()
    requests = [(browser, "like", bob_token) for browser in sharing_session(app, bob, 12)]
    requests.append((client, "delete", client.csrf_token()))

    def send(browser, action, token):
        return browser.post(f"/p/{post.id}/{action}", data={"csrf_token": token}).status_code

    results = all_at_once([partial(send, *request) for request in requests])
    assert set(results) <= {302, 404}, results
    assert row_count(Post) == 0 and row_count(Like) == 0 and row_count(Notification) == 0
