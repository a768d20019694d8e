"""Following people: idempotent buttons, the counts beside them, races, and /following."""

import re
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import all_at_once, card_ids, login_client, stored_post

from flaskgram import comments
from flaskgram.extensions import db
from flaskgram.models import Follow, Post, User


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob", "carol")}


@pytest.fixture
def alice(app, people):
    """A browser logged in as alice."""
    return login_client(app, "alice")


@pytest.fixture
def counts(app):
    """Each user's stored (follower_count, following_count)."""

    def read():
        with app.app_context():
            rows = db.session.execute(
                sa.select(User.username, User.follower_count, User.following_count)
            )
            return {name: (followers, following) for name, followers, following in rows}

    return read


def follows(row_count, follower, followee) -> int:
    return row_count(Follow, Follow.follower_id == follower.id, Follow.followee_id == followee.id)


def test_follow_is_idempotent(alice, people, row_count, counts):
    """Follow once or twice: one row, and each count goes up by exactly one."""
    for _ in range(2):
        response = alice.post_form("/u/bob/follow")
        assert response.status_code == 302
        assert response.headers["Location"] == "/u/bob"
    assert follows(row_count, people["alice"], people["bob"]) == 1
    assert counts() == {"alice": (0, 1), "bob": (1, 0), "carol": (0, 0)}
    page = alice.get("/u/bob")
    assert "<strong>1</strong> follower</a>" in page.text
    assert 'action="/u/bob/unfollow"' in page.text


def test_unfollow_is_idempotent(alice, people, row_count, counts):
    """Unfollow once or twice, or someone never followed: counts never go below zero."""
    alice.post_form("/u/bob/follow")
    for _ in range(2):
        assert alice.post_form("/u/bob/unfollow").status_code == 302
    assert alice.post_form("/u/carol/unfollow").status_code == 302
    assert follows(row_count, people["alice"], people["bob"]) == 0
    assert counts() == {"alice": (0, 0), "bob": (0, 0), "carol": (0, 0)}
    assert 'action="/u/bob/follow"' in alice.get("/u/bob").text


@pytest.mark.parametrize("path", ["/u/alice/follow", "/u/ALICE/follow"])
def test_following_yourself_is_refused(alice, people, row_count, counts, path):
    """Refuse to follow yourself with 400 and a message; nothing is written."""
    response = alice.post_form(path)
    assert response.status_code == 400
    assert "You can&#39;t follow yourself." in response.text
    assert row_count(Follow) == 0
    assert counts()["alice"] == (0, 0)


def test_unfollowing_yourself_changes_nothing(alice, row_count, counts):
    """Unfollowing yourself is harmless: no row, no count below zero."""
    assert alice.post_form("/u/alice/unfollow").status_code in (302, 400)
    assert row_count(Follow) == 0
    assert counts()["alice"] == (0, 0)


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_following_someone_unknown_is_404(alice, row_count, action):
    """Answer 404 for a user who does not exist."""
    assert alice.post_form(f"/u/nobody/{action}").status_code == 404
    assert row_count(Follow) == 0


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_follow_needs_post_and_csrf(alice, row_count, action):
    """Refuse GET (405) and a POST without a CSRF token (400); nothing is written."""
    assert alice.get(f"/u/bob/{action}").status_code == 405
    assert alice.post(f"/u/bob/{action}").status_code == 400
    assert row_count(Follow) == 0


def test_anonymous_follow_goes_to_login(app, people, row_count):
    """Send an anonymous visitor to the login page."""
    anonymous = app.test_client()
    response = anonymous.post_form("/u/bob/follow")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert row_count(Follow) == 0


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/u/bob/followers", "/u/bob/followers"),
        ("/?before=5", "/?before=5"),
        ("https://evil.example/", "/u/bob"),
        ("//evil.example", "/u/bob"),
    ],
)
def test_follow_returns_to_a_safe_next_page(alice, people, next_url, landing):
    """Go back to the page the button was on, never to another site."""
    response = alice.post_form("/u/bob/follow", {"next": next_url})
    assert response.headers["Location"] == landing


def race(app, username: str, path: str, browsers: int = 10) -> list:
    """POST to path from several browsers of the same user at the same moment."""
    clients = [login_client(app, username) for _ in range(browsers)]
    tokens = [client.csrf_token() for client in clients]

    def send(client, token):
        return client.post(path, data={"csrf_token": token}).status_code

    return all_at_once([partial(send, *pair) for pair in zip(clients, tokens, strict=True)])


def test_concurrent_follows_make_one_row(app, people, row_count, counts):
    """Ten follows of one person by one user at once: one row, counts of one, no errors.

    Case 39.
    """
    statuses = race(app, "alice", "/u/bob/follow")
    assert statuses == [302] * 10
    assert row_count(Follow) == 1
    assert counts() == {"alice": (0, 1), "bob": (1, 0), "carol": (0, 0)}


def test_concurrent_unfollows_leave_counts_at_zero(app, alice, people, row_count, counts):
    """Ten unfollows at once: no row, counts back to zero, not below."""
    alice.post_form("/u/bob/follow")
    statuses = race(app, "alice", "/u/bob/unfollow")
    assert statuses == [302] * 10
    assert row_count(Follow) == 0
    assert counts() == {"alice": (0, 0), "bob": (0, 0), "carol": (0, 0)}


def post_as(app, user, n):
    with app.app_context():
        return stored_post(user, caption=f"{user.username} {n}").id


def test_following_feed_follows_the_buttons(app, alice, people):
    """Show your posts and followed people's, newest first; drop them after unfollowing."""
    bobs = post_as(app, people["bob"], 1)
    mine = post_as(app, people["alice"], 1)
    post_as(app, people["carol"], 1)
    later_bob = post_as(app, people["bob"], 2)

    assert card_ids(alice.get("/following")) == [mine]
    alice.post_form("/u/bob/follow")
    assert card_ids(alice.get("/following")) == [later_bob, mine, bobs]
    alice.post_form("/u/bob/unfollow")
    assert card_ids(alice.get("/following")) == [mine]


def test_following_feed_pages_by_cursor(app, alice, people):
    """Page /following 20 at a time with ?before=, without gaps or repeats."""
    alice.post_form("/u/bob/follow")
    ids = [post_as(app, people["bob" if n % 2 else "alice"], n) for n in range(25)]
    post_as(app, people["carol"], 0)
    newest_first = sorted(ids, reverse=True)

    first = alice.get("/following")
    assert card_ids(first) == newest_first[:20]
    link = re.search(r'href="(/following\?before=\d+)"', first.text).group(1)
    second = alice.get(link)
    assert card_ids(second) == newest_first[20:]


def test_following_feed_costs_the_same_as_the_main_feed(app, alice, people, count_queries):
    """Run as many statements for /following as for /, for 1 post and for 20."""
    alice.post_form("/u/bob/follow")
    alice.post_form("/u/carol/follow")
    measured = {}
    for total in (1, 20):
        while len(card_ids(alice.get("/following"))) < total:
            post_id = post_as(app, people["bob" if total % 2 else "carol"], total)
            with app.app_context():
                comments.add_comment(people["carol"], db.session.get_one(Post, post_id), "Hi")
        for path in ("/", "/following"):
            alice.get(path)
            with count_queries() as statements:
                alice.get(path)
            measured[path, total] = len(statements)
    print(f"\nstatements: {measured}")
    assert len(set(measured.values())) == 1, measured


def test_following_feed_empty_state_suggests_next_steps(alice):
    """Explain an empty /following and link to the main feed and to a new post."""
    page = alice.get("/following")
    assert page.status_code == 200
    assert "Nothing here yet" in page.text
    empty = re.search(r'<section class="empty">(.*?)</section>', page.text, re.S).group(1)
    assert 'href="/"' in empty
    assert 'href="/posts/new"' in empty
