"""Rate limits and login throttling that hold (SECURITY.md case 7).

Rate limiting is off in TEST_CONFIG; these tests run a second app on the same database
with it on. Test clients come from 127.0.0.1 unless given another address.
"""

from functools import partial

import pytest
import sqlalchemy as sa
from api_client import api_login
from conftest import PASSWORD, TEST_CONFIG, AuthActions, Client, all_at_once, new_post

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.models import Comment, Follow, Like, LoginFailure, Post, User, UserSession

ATTACKER = "203.0.113.66"
OWNER_PHONE = "198.51.100.20"


@pytest.fixture
def limited(app, database_url):
    """Make the app with rate limits on, counting from zero, with these settings."""
    made = []

    def make(**settings):
        limited_app = create_app(
            {
                **TEST_CONFIG,
                "DATABASE_URL": database_url,
                "MEDIA_ROOT": app.config["MEDIA_ROOT"],
                "RATELIMIT_ENABLED": True,
                **settings,
            }
        )
        limited_app.test_client_class = Client
        made.append(limited_app)
        return limited_app

    yield make
    for limited_app in made:
        with limited_app.app_context():
            db.engine.dispose()


def browser(app, address: str = "127.0.0.1") -> Client:
    """A new browser whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def log_in(app, username: str, password: str = PASSWORD, address: str = "127.0.0.1"):
    return AuthActions(browser(app, address)).login(username, password)


def retry_after(response) -> int:
    return int(response.headers["Retry-After"])


# Failed logins per address --------------------------------------------------------------


def test_case_7_a_class_behind_one_address_all_logs_in_at_once(limited, make_user, row_count):
    """Forty people on one school network, each with a typo first, all get in at once."""
    app = limited()  # the default limits
    names = [f"pupil{n}" for n in range(40)]
    for name in names:
        make_user(name)
    typos = [log_in(app, name, "not my password").status_code for name in names]
    assert typos == [400] * 40

    browsers = [AuthActions(browser(app)) for _ in names]
    calls = [partial(pupil.login, name) for pupil, name in zip(browsers, names, strict=True)]
    statuses = [response.status_code for response in all_at_once(calls)]

    assert statuses == [302] * 40
    assert row_count(UserSession) == 40
    assert row_count(LoginFailure) == 0  # each pupil's own typo is forgiven


def test_case_7_failed_logins_from_one_address_get_429(limited, make_user):
    """Count failures, never successes, per address; other addresses are unaffected."""
    app = limited(LOGIN_RATE_LIMIT="5 per 15 minutes")
    make_user("alice")
    for _ in range(8):  # successes do not count
        assert log_in(app, "alice").status_code == 302

    failures = [log_in(app, f"user{n}", "whatever pw").status_code for n in range(5)]
    refused = log_in(app, "alice")

    assert failures == [400] * 5
    assert refused.status_code == 429
    assert "Too many failed logins from your network" in refused.text
    assert 0 < retry_after(refused) <= 15 * 60
    assert log_in(app, "alice", address=OWNER_PHONE).status_code == 302


# Failed logins per account and client -----------------------------------------------------


def test_case_7_attacker_is_throttled_but_the_owner_still_logs_in(limited, make_user, row_count):
    """Throttle the client that failed, on that account only; a fresh client gets in."""
    app = limited()
    make_user("alice")
    make_user("bob")
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    guesses = [log_in(app, "alice", f"guess {n}", ATTACKER).status_code for n in range(limit)]

    refused = log_in(app, "alice", PASSWORD, ATTACKER)  # even the right password

    assert guesses == [400] * limit
    assert refused.status_code == 429
    assert 0 < retry_after(refused) <= app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    assert f"Too many failed attempts. Try again in {retry_after(refused)} seconds" in (
        refused.text
    )
    assert row_count(LoginFailure) == limit  # refusals are not counted as guesses

    owner = browser(app, OWNER_PHONE)
    assert AuthActions(owner).login("alice").status_code == 302
    assert owner.get("/").status_code == 200
    assert log_in(app, "bob", PASSWORD, ATTACKER).status_code == 302  # other accounts
    # The owner's login forgets the owner's failures, not the attacker's.
    assert log_in(app, "alice", PASSWORD, ATTACKER).status_code == 429
    assert row_count(LoginFailure, LoginFailure.client == ATTACKER) == limit


def test_case_7_behind_a_proxy_the_forwarded_address_is_the_client(limited, make_user, scalar):
    """With PROXY_COUNT set, throttling keys on X-Forwarded-For, not the proxy's address."""
    app = limited(PROXY_COUNT=1)
    make_user("alice")
    limit = app.config["LOGIN_FAILURE_LIMIT"]

    def via_proxy(address, password):
        client = browser(app, "10.0.0.1")  # every request arrives from the proxy
        client.environ_base["HTTP_X_FORWARDED_FOR"] = address
        return AuthActions(client).login("alice", password).status_code

    guesses = [via_proxy(ATTACKER, f"guess {n}") for n in range(limit)]

    assert guesses == [400] * limit
    assert via_proxy(ATTACKER, PASSWORD) == 429
    assert via_proxy(OWNER_PHONE, PASSWORD) == 302
    assert scalar(sa.select(sa.func.min(LoginFailure.client))) == ATTACKER


def test_case_7_a_spread_out_attacker_gets_one_guess_per_address(limited, make_user):
    """Once an account is under attack, an address that failed on it waits at once."""
    app = limited()
    make_user("alice")
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    addresses = [f"192.0.2.{n}" for n in range(1, limit + 2)]

    first = [log_in(app, "alice", "guess one", address).status_code for address in addresses]
    second = [log_in(app, "alice", "guess two", address).status_code for address in addresses]

    assert first == [400] * len(addresses)
    assert second == [429] * len(addresses)
    assert log_in(app, "alice", address=OWNER_PHONE).status_code == 302


def test_case_7_parallel_guesses_are_counted_one_by_one(limited, make_user, row_count):
    """A burst of guesses at once gets exactly the limit of answers, the rest 429."""
    app = limited()
    make_user("alice")
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    attackers = [AuthActions(browser(app, ATTACKER)) for _ in range(limit * 2)]

    responses = all_at_once(
        [partial(attacker.login, "alice", f"guess {n}") for n, attacker in enumerate(attackers)]
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [400] * limit + [429] * limit
    assert row_count(LoginFailure) == limit


def test_unknown_accounts_are_never_throttled_per_account(limited, make_user, row_count):
    """An unknown name answers 400 every time and records nothing (no row to count on)."""
    app = limited()
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    statuses = [log_in(app, "nobody", f"guess {n}").status_code for n in range(limit + 2)]
    assert statuses == [400] * (limit + 2)
    assert row_count(LoginFailure) == 0


# Per-address limits on the views that write ---------------------------------------------


@pytest.fixture
def scene(limited, make_user, make_post):
    """alice, logged in, and bob with a post; every route allowed two POSTs per hour."""
    app = limited(
        **{
            name: "2 per hour"
            for name in (
                "SIGNUP_RATE_LIMIT",
                "NEW_POST_RATE_LIMIT",
                "COMMENT_RATE_LIMIT",
                "LIKE_RATE_LIMIT",
                "FOLLOW_RATE_LIMIT",
                "SETTINGS_RATE_LIMIT",
            )
        }
    )
    make_user("alice")
    bob = make_user("bob")
    post = make_post(bob)
    alice = browser(app)
    assert AuthActions(alice).login("alice").status_code == 302
    return {"app": app, "alice": alice, "post": post.id}


def signup(scene, n):
    return AuthActions(browser(scene["app"])).signup(f"newcomer{n}")


def post_something(scene, n):
    return new_post(scene["alice"], caption=f"Post {n}")


def comment(scene, n):
    return scene["alice"].post_form(f"/p/{scene['post']}/comments", {"body": f"Hi {n}"})


def like_or_unlike(scene, n):
    return scene["alice"].post_form(f"/p/{scene['post']}/{('like', 'unlike')[n % 2]}")


def follow_or_unfollow(scene, n):
    return scene["alice"].post_form(f"/u/bob/{('follow', 'unfollow')[n % 2]}")


def save_profile(scene, n):
    return scene["alice"].post_form("/settings/profile", {"display_name": f"Al {n}", "bio": ""})


def delete_account(scene):
    return scene["alice"].post_form("/settings/delete", {"password": PASSWORD})


def change_password(scene):
    fields = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    return scene["alice"].post_form("/settings/password", fields)


def logout_everywhere(scene):
    return scene["alice"].post_form("/settings/logout-everywhere")


def then(final):
    """Two profile saves, then this settings POST: every settings POST shares one limit."""

    def act(scene, n):
        return save_profile(scene, n) if n < 2 else final(scene)

    return act


def rows(model):
    def count(app):
        with app.app_context():
            return db.session.scalar(sa.select(sa.func.count()).select_from(model))

    return count


def alice_row(app):
    with app.app_context():
        query = sa.select(User.display_name, User.password_hash).where(User.username == "alice")
        return tuple(db.session.execute(query).one())


def sessions_and_profile(app):
    return rows(UserSession)(app), alice_row(app)


@pytest.mark.parametrize(
    ("act", "state"),
    [
        pytest.param(signup, rows(User), id="signup"),
        pytest.param(post_something, rows(Post), id="new-post"),
        pytest.param(comment, rows(Comment), id="comment"),
        pytest.param(like_or_unlike, rows(Like), id="like-unlike"),
        pytest.param(follow_or_unfollow, rows(Follow), id="follow-unfollow"),
        pytest.param(save_profile, alice_row, id="profile"),
        pytest.param(then(delete_account), rows(User), id="delete-account"),
        pytest.param(then(change_password), alice_row, id="password"),
        pytest.param(then(logout_everywhere), sessions_and_profile, id="logout-everywhere"),
    ],
)
def test_too_many_posts_from_one_address_get_429_and_write_nothing(scene, act, state):
    """Refuse the third POST in the hour with 429 and Retry-After, writing nothing."""
    app = scene["app"]
    allowed = [act(scene, n) for n in range(2)]
    assert [response.status_code for response in allowed] == [302, 302]
    assert not any("Retry-After" in response.headers for response in allowed)
    before = state(app)

    refused = act(scene, 2)

    assert refused.status_code == 429
    assert "Too many requests from your network" in refused.text
    assert refused.mimetype == "text/html"
    assert 0 < retry_after(refused) <= 3600
    assert state(app) == before
    assert scene["alice"].get("/").status_code == 200  # reading is never limited


def test_another_address_has_its_own_count(scene):
    """A limit reached at one address leaves other addresses alone."""
    app = scene["app"]
    assert [signup(scene, n).status_code for n in range(3)] == [302, 302, 429]
    elsewhere = AuthActions(browser(app, OWNER_PHONE)).signup("newcomer3")
    assert elsewhere.status_code == 302


def api_like(api, post_id, n):
    return (
        api.put(f"/posts/{post_id}/like") if n % 2 == 0 else api.delete(f"/posts/{post_id}/like")
    )


def api_follow(api, post_id, n):
    return api.put("/users/bob/follow") if n % 2 == 0 else api.delete("/users/bob/follow")


def api_comment(api, post_id, n):
    return api.post(f"/posts/{post_id}/comments", json={"body": f"From the app {n}"})


def api_profile(api, post_id, n):
    return api.patch("/me", json={"bio": f"Edited in the app {n}"})


def api_signup(api, post_id, n):
    account = {"username": f"newcomer{n}", "email": f"newcomer{n}@example.com"}
    return api.post("/users", json={**account, "password": PASSWORD})


@pytest.mark.parametrize(
    ("page_act", "api_act", "state"),
    [
        pytest.param(signup, api_signup, rows(User), id="signup"),
        pytest.param(comment, api_comment, rows(Comment), id="comment"),
        pytest.param(like_or_unlike, api_like, rows(Like), id="like-unlike"),
        pytest.param(follow_or_unfollow, api_follow, rows(Follow), id="follow-unfollow"),
        pytest.param(save_profile, api_profile, alice_row, id="profile"),
    ],
)
def test_the_api_shares_each_limit_with_the_pages(scene, page_act, api_act, state):
    """Case 7's per-address limits hold through the API too: it is no way around them."""
    app = scene["app"]
    api = api_login(app, "alice")
    assert page_act(scene, 0).status_code == 302
    assert api_act(api, scene["post"], 1).status_code in (200, 201, 204)
    before = state(app)

    refused = api_act(api, scene["post"], 2)

    assert refused.status_code == 429
    assert refused.json["error"] == "too_many_requests"
    assert 0 < retry_after(refused) <= 3600
    assert state(app) == before
