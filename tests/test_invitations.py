"""Invitation links: limited, expiring, revocable, stored hashed, used atomically."""

import hashlib
import html
import re

import pytest
import sqlalchemy as sa
from api_client import API, ApiClient
from conftest import all_at_once
from family import expire, invite, selector_of, set_mode, signup_data

from flaskgram.models import AdminAction, Invitation, InvitationUse, User

LINK = re.compile(r'value="(http://localhost/invite/([A-Za-z0-9_-]+))"')


@pytest.fixture
def admin(make_user):
    return make_user("alice")


@pytest.fixture
def admin_client(app, admin, auth, client):
    auth.login("alice")
    return client


def test_an_admin_makes_a_link_shown_once_and_only_its_hash_is_stored(admin_client, scalar):
    """SECURITY.md case 50: the secret part of a link is never stored, only its SHA-256."""
    response = admin_client.post_form(
        "/admin/invitations", {"max_uses": "3", "expires_in_days": "14", "note": "Cousins"}
    )
    assert response.status_code == 201
    _url, token = LINK.search(response.text).groups()
    row = scalar(sa.select(Invitation))
    assert (row.max_uses, row.uses, row.note) == (3, 0, "Cousins")
    assert row.selector == selector_of(token)
    verifier = token[len(row.selector) :]
    assert row.verifier_hash == hashlib.sha256(verifier.encode()).hexdigest()
    assert verifier not in row.verifier_hash
    listing = admin_client.get("/admin/invitations")
    assert "Cousins" in listing.text and "0 of 3" in listing.text
    assert token not in listing.text  # shown once, never again
    assert scalar(sa.select(AdminAction.action)) == "create_invitation"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"max_uses": "0", "expires_in_days": "7"}, "Choose 1 to 100 uses."),
        ({"max_uses": "101", "expires_in_days": "7"}, "Choose 1 to 100 uses."),
        ({"max_uses": "1", "expires_in_days": "91"}, "Choose 1 to 90 days."),
        ({"max_uses": "x", "expires_in_days": "7"}, "Not a valid integer value."),
        ({"max_uses": "1", "expires_in_days": "7", "note": "n" * 201}, "under 200 characters"),
    ],
)
def test_bad_invitation_fields_are_refused_at_the_field(admin_client, row_count, fields, message):
    response = admin_client.post_form("/admin/invitations", {"note": "kept", **fields})
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert row_count(Invitation) == 0


def test_the_link_opens_the_signup_form_with_the_invitation(app, admin, client, scalar):
    set_mode(app, "invitation")
    token = invite(app, note="For Bob")
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200
    assert f'name="invitation" type="hidden" value="{token}"' in page.text
    assert "alice" in page.text and "invited you" in page.text
    response = client.post_form("/signup", signup_data("bob", token))
    assert response.status_code == 302, response.text
    bob = scalar(sa.select(User).where(User.username == "bob"))
    assert bob.status == "active"
    assert scalar(sa.select(InvitationUse.user_id)) == bob.id
    assert scalar(sa.select(Invitation.uses)) == 1


def test_a_single_use_link_works_once(app, admin, client, row_count):
    """SECURITY.md case 50."""
    token = invite(app)
    assert client.post(f"{API}/users", json=signup_data("bob", token)).status_code == 201
    again = app.test_client()
    page = again.get(f"/invite/{token}")
    assert page.status_code == 410 and "used up" in page.text
    response = again.post(f"{API}/users", json=signup_data("carol", token))
    assert response.status_code == 410 and response.json["error"] == "invitation_gone"
    assert row_count(User, User.username == "carol") == 0


def test_expired_revoked_and_unknown_links_get_clear_pages(app, admin_client, scalar):
    expired, revoked = invite(app), invite(app)
    expire(app, expired)
    invitation_id = scalar(
        sa.select(Invitation.id).where(Invitation.selector == selector_of(revoked))
    )
    response = admin_client.post_form(f"/admin/invitations/{invitation_id}/revoke")
    assert response.status_code == 302
    assert "withdrawn" in admin_client.get("/admin/invitations").text
    visitor = app.test_client()
    for token, status, words in [
        (expired, 410, "has expired"),
        (revoked, 410, "was withdrawn"),
        ("x" * 44, 404, "isn't valid"),
        ("short", 404, "isn't valid"),
    ]:
        page = visitor.get(f"/invite/{token}")
        assert page.status_code == status, token
        assert words in html.unescape(page.text)
        answer = visitor.get(f"{API}/invitations/{token}")
        assert answer.status_code == status and words in answer.json["message"]
    assert visitor.post(f"{API}/users", json=signup_data("bob", expired)).status_code == 410


def test_the_api_says_who_sent_an_invitation(app, admin, client):
    token = invite(app)
    answer = client.get(f"{API}/invitations/{token}")
    assert answer.status_code == 200
    assert answer.json["invited_by"] == {"username": "alice", "display_name": ""}
    assert answer.json["expires_at"]


def test_two_people_racing_for_the_last_use_one_wins(app, admin, row_count):
    """SECURITY.md case 50: using an invitation is one conditional UPDATE."""
    token = invite(app, max_uses=1)
    clients = [ApiClient(app.test_client()) for _ in range(2)]
    results = all_at_once(
        [
            lambda api=api, name=name: api.client.post(
                f"{API}/users", json=signup_data(name, token)
            )
            for api, name in zip(clients, ["bob", "carol"], strict=True)
        ]
    )
    statuses = sorted(response.status_code for response in results)
    assert statuses == [201, 410], [getattr(r, "text", r) for r in results]
    assert row_count(User) == 2  # alice and the winner only
    assert row_count(InvitationUse) == 1


def test_admins_see_who_invited_whom(app, admin_client, client):
    token = invite(app, max_uses=2)
    for name in ("bob", "carol"):
        assert (
            app.test_client().post(f"{API}/users", json=signup_data(name, token)).status_code
            == 201
        )
    listing = admin_client.get("/admin/invitations").text
    assert "bob, carol" in listing and "2 of 2" in listing and "used up" in listing
    people = admin_client.get("/admin/people").text
    row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>bob</a>.*?</tr>", people, re.S).group(0)
    assert "<td>alice</td>" in row


def test_an_invitation_in_open_mode_is_recorded_too(app, admin, client, row_count):
    token = invite(app)
    assert client.post_form("/signup", signup_data("bob", token)).status_code == 302
    assert row_count(InvitationUse) == 1
