"""Who may reach what: login by default, no writes on GET (cases 17, 21; CSRF: test_csrf.py)."""

import pytest
import sqlalchemy as sa

from flaskgram import comments
from flaskgram.extensions import db

# The React client's files at /app/ are public too: it shows its own login screen.
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.signup",
    "auth.invite",
    "health.healthz",
    "static",
    "client.page",
    "client.asset",
    # Account recovery: for people who can't log in (web/recovery.py).
    "recovery.forgot",
    "recovery.reset",
    "recovery.resend",
    "recovery.verify",
}
# The API's signup and login, and its document: a client needs them before it has a token.
PUBLIC_API_ENDPOINTS = {
    "api.signup",
    "api.token",
    "api.refresh",
    "api.site",  # how to join, and who sent an invitation: needed before signing up
    "api.invitation",
    "api.openapi_json",
    "api.docs",
    "api.docs_file",
    "api.image",  # by its signed link; without one it asks for a token (test_api_images.py)
    "api.password_reset_availability",
    "api.password_reset",
    "api.password_reset_confirm",
    "api.verify_email",
}


def example_url(app, rule, ids):
    """Build a URL for a rule, filling each argument with a real id or name."""
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{arg: ids[arg] for arg in rule.arguments})


@pytest.fixture
def ids(app, make_user, make_post):
    """Things the URL map's arguments can point at: alice's post, bob's comment on it."""
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(alice)
    with app.app_context():
        comment = comments.add_comment(bob, post, "Nice one")
    return {
        "post_id": post.id,
        "comment_id": comment.id,
        "username": "bob",
        "name": "AAAAAAAAAAAAAAAAAAAAAAAA.jpg",
        "filename": "style.css",
        "number": 1,
        "token": "x" * 44,
        "tag": "beach",
        "action": "approve",
        "invitation_id": 1,
    }


def table_counts(app):
    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def test_public_endpoints_are_exactly_the_short_list(app):
    from flaskgram.security import is_public_endpoint

    with app.test_request_context():
        public = {
            rule.endpoint for rule in app.url_map.iter_rules() if is_public_endpoint(rule.endpoint)
        }
    assert public == PUBLIC_ENDPOINTS | PUBLIC_API_ENDPOINTS


def test_every_private_route_sends_anonymous_visitors_to_login(app, client, ids):
    """Case 21: Walk the whole URL map, so a new route can't forget to require login."""
    checked = 0
    token = client.csrf_token()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS | PUBLIC_API_ENDPOINTS:
            continue
        if rule.endpoint.startswith("admin."):
            continue  # 404 for anyone but an admin, anonymous included (test_admin.py)
        url = example_url(app, rule, ids)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, data={"csrf_token": token})
            if rule.endpoint.startswith("api."):  # the API answers 401, never a redirect
                assert response.status_code == 401, (method, url)
                assert response.headers["WWW-Authenticate"] == "Bearer", (method, url)
            else:
                assert response.status_code == 302, (method, url)
                assert response.headers["Location"].startswith("/login?next="), (method, url)
            checked += 1
    assert checked >= 45


@pytest.mark.parametrize(
    "path",
    [
        "/logout",
        "/p/{post_id}/like",
        "/p/{post_id}/unlike",
        "/p/{post_id}/delete",
        "/p/{post_id}/comments",
        "/p/{post_id}/comments/{comment_id}/delete",
        "/p/{post_id}/save",
        "/p/{post_id}/unsave",
        "/u/bob/follow",
        "/u/bob/unfollow",
        "/settings/logout-everywhere",
    ],
)
def test_get_on_state_changing_paths_is_405(app, auth, client, ids, path):
    """Case 17."""
    auth.login("alice")
    before = table_counts(app)
    response = client.get(path.format(**ids))
    assert response.status_code == 405
    assert table_counts(app) == before
