"""The admin API: the same rules as the admin pages, 401 without a token, 404 for non-admins."""

import pytest
import sqlalchemy as sa
from api_client import API, ApiClient, api_login, assert_api_error
from family import invite, set_status, signup_data

from flaskgram.models import Invitation, Post, User


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob", "carol")}  # alice: admin


@pytest.fixture
def admin(app, people) -> ApiClient:
    return api_login(app, "alice")


def admin_api_calls(app) -> list[tuple[str, str]]:
    values = {"username": "bob", "invitation_id": 1}
    calls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.rule.startswith(f"{API}/admin"):
                url = url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})
                calls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return calls


def test_every_admin_call_is_401_without_a_token_and_404_for_non_admins(app, people, scalar):
    """SECURITY.md case 49: walk the URL map; the admin API answers admins only."""
    calls = admin_api_calls(app)
    assert len(calls) >= 13
    anonymous, bob = app.test_client(), api_login(app, "bob")
    for method, url in calls:
        body = {"mode": "closed"} if "registration" in url else {}
        response = anonymous.open(url, method=method, json=body)
        assert_api_error(response, 401)
        response = bob.client.open(
            url, method=method, json=body, headers={"Authorization": f"Bearer {bob.access_token}"}
        )
        assert_api_error(response, 404)
    assert scalar(sa.select(User.status).where(User.username == "bob")) == "active"


def test_people_are_listed_searched_and_paged(admin, app):
    set_status(app, "carol", "pending")
    page = admin.get("/admin/people?limit=2").json
    assert [person["username"] for person in page["items"]] == ["alice", "bob"]
    assert page["items"][0] == {
        "username": "alice",
        "display_name": "",
        "email": "alice@example.com",
        "is_admin": True,
        "status": "active",
        "created_at": page["items"][0]["created_at"],
        "invited_by": None,
    }
    assert page["next_cursor"] == "bob"
    rest = admin.get(f"/admin/people?limit=2&after={page['next_cursor']}").json
    assert [(p["username"], p["status"]) for p in rest["items"]] == [("carol", "pending")]
    assert rest["next_cursor"] is None
    found = admin.get("/admin/people?q=CAR").json["items"]
    assert [person["username"] for person in found] == ["carol"]


def test_approve_disable_enable_and_admin_answer_the_person(admin, app):
    set_status(app, "carol", "pending")
    assert admin.post("/admin/people/carol/approve").json["status"] == "active"
    assert admin.post("/admin/people/bob/disable").json["status"] == "disabled"
    assert admin.post("/admin/people/bob/enable").json["status"] == "active"
    assert admin.put("/admin/people/bob/admin").json["is_admin"] is True
    assert admin.delete("/admin/people/bob/admin").json["is_admin"] is False
    assert_api_error(admin.post("/admin/people/nobody/approve"), 404)
    actions = [entry["action"] for entry in admin.get("/admin/log").json["items"]]
    assert actions == ["remove_admin", "make_admin", "enable", "disable", "approve"]
    entry = admin.get("/admin/log?limit=1").json
    assert entry["items"][0]["actor"] == "alice" and entry["items"][0]["subject"] == "bob"
    assert entry["next_cursor"] is not None
    older = admin.get(f"/admin/log?limit=1&before={entry['next_cursor']}").json
    assert older["items"][0]["action"] == "make_admin"


def test_a_disabled_accounts_tokens_stop_working_at_once(admin, app):
    """SECURITY.md case 51: its access and refresh tokens die with its sessions."""
    bob = api_login(app, "bob")
    assert bob.get("/me").status_code == 200
    assert admin.post("/admin/people/bob/disable").status_code == 200
    assert_api_error(bob.get("/me"), 401)
    refreshed = bob.client.post(f"{API}/auth/refresh", json={"refresh_token": bob.refresh_token})
    assert_api_error(refreshed, 401)
    assert_api_error(ApiClient(app.test_client()).login("bob"), 403, "account_disabled")
    assert_api_error(ApiClient(app.test_client()).login("bob", "wrong password"), 401)


def test_the_last_admin_stays(admin):
    """SECURITY.md case 52."""
    for method, path in [
        ("DELETE", "/admin/people/alice/admin"),
        ("POST", "/admin/people/alice/disable"),
        ("DELETE", "/admin/people/alice"),
    ]:
        response = admin.call(method, path)
        assert_api_error(response, 409, "last_admin")
    assert admin.get("/me").status_code == 200


def test_deleting_a_person_removes_everything(admin, make_post, people, row_count):
    make_post(people["bob"])
    assert admin.delete("/admin/people/bob").status_code == 204
    assert row_count(User, User.username == "bob") == 0 and row_count(Post) == 0


def test_invitations_are_made_listed_and_withdrawn(admin, app, client, scalar):
    response = admin.post(
        "/admin/invitations", json={"max_uses": 2, "expires_in_days": 3, "note": "Team"}
    )
    assert response.status_code == 201, response.text
    made = response.json
    assert made["url"].startswith("http://localhost/invite/")
    assert (made["max_uses"], made["uses"], made["revoked"], made["note"]) == (2, 0, False, "Team")
    assert made["created_by"] == "alice" and made["used_by"] == []
    token = made["url"].rsplit("/", 1)[1]
    assert client.post(f"{API}/users", json=signup_data("dora", token)).status_code == 201
    listed = admin.get("/admin/invitations").json
    assert listed["next_cursor"] is None
    assert listed["items"][0]["used_by"] == ["dora"] and "url" not in listed["items"][0]
    dora = admin.get("/admin/people?q=dora").json["items"][0]
    assert dora["invited_by"] == "alice"

    assert admin.delete(f"/admin/invitations/{made['id']}").status_code == 204
    assert admin.delete(f"/admin/invitations/{made['id']}").status_code == 204  # again: fine
    assert admin.get("/admin/invitations").json["items"][0]["revoked"] is True
    assert_api_error(client.post(f"{API}/users", json=signup_data("erin", token)), 410)
    assert_api_error(admin.delete("/admin/invitations/999999"), 404)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": 101}, "max_uses"),
        ({"expires_in_days": 91}, "expires_in_days"),
        ({"note": "n" * 201}, "note"),
        ({"uses": 5}, "uses"),
    ],
)
def test_bad_invitations_are_refused(admin, row_count, body, field):
    response = admin.post("/admin/invitations", json=body)
    assert_api_error(response, 400)
    assert field in response.json["fields"]
    assert row_count(Invitation) == 0


def test_the_registration_mode_is_read_and_changed(admin, client):
    assert admin.get("/admin/registration").json == {"mode": "open"}
    assert admin.put("/admin/registration", json={"mode": "approval"}).json == {"mode": "approval"}
    assert client.get(f"{API}/site").json == {"registration_mode": "approval"}
    assert_api_error(admin.put("/admin/registration", json={"mode": "maybe"}), 400)


def test_an_invitation_token_in_the_signup_is_checked(app, people, client):
    token = invite(app)
    assert_api_error(client.post(f"{API}/users", json=signup_data("dora", "y" * 44)), 404)
    assert client.post(f"{API}/users", json=signup_data("dora", token)).status_code == 201


def test_me_says_who_is_an_admin(admin, app):
    """Clients show the admin area to those the admin API answers, and to no one else."""
    assert admin.get("/me").json["is_admin"] is True
    bob = api_login(app, "bob")
    assert bob.get("/me").json["is_admin"] is False
    assert admin.put("/admin/people/bob/admin").status_code == 200
    assert bob.get("/me").json["is_admin"] is True
