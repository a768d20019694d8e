"""API profiles, you (/me), following, and the people lists."""

import pytest
import sqlalchemy as sa
from api_client import api_login, assert_api_error
from conftest import XSS

from flaskgram import follows
from flaskgram.models import Follow, User


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob", "carol", "dave")}


@pytest.fixture
def api(app, people):
    return api_login(app, "alice")


def test_me_shows_my_email_and_profile_edits_save(api, scalar):
    me = api.get("/me").json
    assert me["username"] == "alice" and me["email"] == "alice@example.com"
    response = api.patch("/me", json={"display_name": "Alice A.", "bio": XSS})
    assert response.status_code == 200, response.text
    assert response.json["display_name"] == "Alice A." and response.json["bio"] == XSS
    assert scalar(sa.select(User.bio).where(User.username == "alice")) == XSS  # as typed
    assert api.patch("/me", json={"bio": "Only the bio"}).json["display_name"] == "Alice A."


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"bio": "x" * 151}, "bio"),
        ({"display_name": "x" * 51}, "display_name"),
        ({"display_name": "tab\there"}, "display_name"),
        ({"email": "new@example.com"}, "email"),
        ({"follower_count": 1000}, "follower_count"),
        ({"username": "root"}, "username"),
    ],
)
def test_bad_or_forbidden_profile_changes_get_400(api, scalar, changes, field):
    """Cases 23 and 27: too long, control characters, or a field nobody may set here."""
    response = api.patch("/me", json=changes)
    assert_api_error(response, 400)
    assert field in response.json["fields"]
    alice = sa.select(User).where(User.username == "alice")
    row = scalar(alice)
    assert (row.bio, row.display_name, row.email, row.follower_count) == (
        "",
        "",
        "alice@example.com",
        0,
    )


def test_someone_elses_profile_never_shows_their_email(api):
    """Emails are never shown to other users."""
    response = api.get("/users/BOB")
    assert response.status_code == 200
    assert response.json["username"] == "bob"
    assert "email" not in response.json and "bob@example.com" not in response.text
    assert_api_error(api.get("/users/nobody"), 404, "not_found")


def test_follow_and_unfollow_are_idempotent(api, row_count):
    for _ in range(2):
        response = api.put("/users/bob/follow")
        assert response.status_code == 200, response.text
        assert response.json["followed_by_me"] is True
        assert response.json["follower_count"] == 1
    assert row_count(Follow) == 1
    assert api.get("/me").json["following_count"] == 1
    for _ in range(2):
        response = api.delete("/users/bob/follow")
        assert response.json["followed_by_me"] is False
        assert response.json["follower_count"] == 0
    assert row_count(Follow) == 0


def test_following_yourself_is_refused(api, row_count):
    assert_api_error(api.put("/users/alice/follow"), 400)
    assert row_count(Follow) == 0


def test_people_lists_page_by_username(app, api, people):
    with app.app_context():
        for name in ("bob", "carol", "dave"):
            follows.follow(people[name], people["alice"])
        follows.follow(people["alice"], people["carol"])
    first = api.get("/users/alice/followers?limit=2").json
    assert [p["username"] for p in first["items"]] == ["bob", "carol"]
    assert [p["followed_by_me"] for p in first["items"]] == [False, True]
    assert first["next_cursor"] == "carol"
    second = api.get("/users/alice/followers?limit=2&after=carol").json
    assert [p["username"] for p in second["items"]] == ["dave"] and second["next_cursor"] is None
    following = api.get("/users/alice/following").json
    assert [p["username"] for p in following["items"]] == ["carol"]
    assert all("email" not in person for person in first["items"] + second["items"])


def test_a_users_posts(api, people, make_post):
    posts = [make_post(people["bob"], caption=f"B{n}") for n in range(3)]
    make_post(people["carol"])
    items = api.get("/users/bob/posts").json["items"]
    assert [p["id"] for p in items] == [post.id for post in reversed(posts)]
    assert {p["author"]["username"] for p in items} == {"bob"}
