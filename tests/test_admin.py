"""The admin area: admins only (404 for everyone else), people, the log, and the last admin."""

import html

import pytest
import sqlalchemy as sa
from conftest import REMEMBER_COOKIE, AuthActions, login_client
from family import invite, set_mode, set_status, signup_data
from photos import media_files

from flaskgram.models import AdminAction, Post, User, UserSession

ADMIN_PAGES = [
    "/admin",
    "/admin/people",
    "/admin/invitations",
    "/admin/registration",
    "/admin/log",
]


@pytest.fixture
def people(make_user):
    """alice, the first account and so the admin, and bob and carol."""
    return {name: make_user(name) for name in ("alice", "bob", "carol")}


@pytest.fixture
def admin_client(app, people):
    return login_client(app, "alice")


def admin_urls(app) -> list[tuple[str, str]]:
    """Every (method, url) of the admin area, from the URL map, its arguments filled in."""
    values = {"username": "bob", "action": "approve", "invitation_id": 1}
    found = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/admin"):
                continue
            url = url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})
            found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_every_admin_route_is_404_to_anonymous_visitors_and_non_admins(app, people, row_count):
    """SECURITY.md case 49: walk the URL map; anonymous and ordinary accounts see nothing."""
    urls = admin_urls(app)
    assert len(urls) >= 10
    before = row_count(AdminAction), row_count(User, User.status == "active")
    anonymous, bob = app.test_client(), login_client(app, "bob")
    for browser in (anonymous, bob):
        token = browser.csrf_token()
        for method, url in urls:
            response = browser.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, url)
            assert "/admin" not in response.text  # no link into the area, either
            # Without a CSRF token too: the gate runs first, so no refused form is shown.
            assert browser.open(url, method=method).status_code == 404, (method, url)
    assert (row_count(AdminAction), row_count(User, User.status == "active")) == before


def test_admins_see_every_page_and_a_link_in_the_account_menu(admin_client, app):
    for path in ADMIN_PAGES:
        page = admin_client.get(path)
        assert page.status_code == 200, path
        assert '<nav class="tabs" aria-label="Admin">' in page.text
    assert 'href="/admin"' in admin_client.get("/").text
    assert 'href="/admin"' not in login_client(app, "bob").get("/").text


def test_the_overview_recommends_invitations_and_counts_people(admin_client, app):
    set_status(app, "carol", "pending")
    page = admin_client.get("/admin").text
    assert "We recommend <strong>registration by invitation</strong>" in page
    assert '<th scope="row">Waiting for approval</th><td><a href="/admin/people">1</a>' in page
    set_mode(app, "invitation")
    assert "We recommend" not in admin_client.get("/admin").text


def test_people_are_found_by_the_start_of_a_name_or_email(admin_client, app):
    with app.app_context():
        from flaskgram import accounts

        accounts.create_user("dora", "explorer@example.org", "correct horse battery", "Zed Z")
    page = admin_client.get("/admin/people?q=explorer").text
    assert ">dora</a>" in page and ">bob</a>" not in page
    assert ">dora</a>" in admin_client.get("/admin/people?q=zed").text
    assert ">dora</a>" in admin_client.get("/admin/people?q=DO").text
    assert ">dora</a>" not in admin_client.get("/admin/people?q=ora").text  # starts, not contains
    assert "Nobody's username" in html.unescape(admin_client.get("/admin/people?q=%25").text)


def test_people_are_paged_by_username(admin_client, app, make_user, monkeypatch):
    from flaskgram.web.admin import people as people_views

    monkeypatch.setattr(people_views, "PAGE_SIZE", 2)
    first = admin_client.get("/admin/people").text
    assert ">alice</a>" in first and ">bob</a>" in first and ">carol</a>" not in first
    second = admin_client.get("/admin/people?after=bob").text
    assert ">carol</a>" in second and ">alice</a>" not in second


def test_approving_lets_a_pending_account_in(admin_client, app, scalar):
    set_status(app, "bob", "pending")
    assert AuthActions(app.test_client()).login("bob").status_code == 403
    response = admin_client.post_form("/admin/people/bob/approve", {"next": "/admin/people?q=b"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/people?q=b"
    assert scalar(sa.select(User.status).where(User.username == "bob")) == "active"
    assert AuthActions(app.test_client()).login("bob").status_code == 302
    assert scalar(sa.select(AdminAction.action)) == "approve"


def test_disabling_ends_every_session_at_once_and_keeps_the_account_out(
    admin_client, app, row_count
):
    """SECURITY.md case 51: cookies (remember-me too) stop working the moment it is disabled."""
    bob = login_client(app, "bob", remember=True)
    remember = bob.get_cookie(REMEMBER_COOKIE).value
    assert bob.get("/").status_code == 200
    response = admin_client.post_form("/admin/people/bob/disable")
    assert response.status_code == 302
    assert row_count(UserSession, UserSession.user_id == User.id, User.username == "bob") == 0
    assert bob.get("/").status_code == 302  # logged out
    copy = app.test_client()
    copy.set_cookie(REMEMBER_COOKIE, remember)
    assert copy.get("/").status_code == 302

    wrong = AuthActions(app.test_client()).login("bob", password="not his password")
    assert wrong.status_code == 400 and "disabled" not in wrong.text
    right = AuthActions(app.test_client()).login("bob")
    assert right.status_code == 403
    assert "This account is disabled. Ask the site's admin." in html.unescape(right.text)

    assert admin_client.post_form("/admin/people/bob/enable").status_code == 302
    assert AuthActions(app.test_client()).login("bob").status_code == 302


def test_admins_make_and_remove_admins(admin_client, app, scalar):
    assert admin_client.post_form("/admin/people/bob/make-admin").status_code == 302
    bob = login_client(app, "bob")
    assert bob.get("/admin/people").status_code == 200
    assert bob.post_form("/admin/people/alice/remove-admin").status_code == 302
    assert admin_client.get("/admin").status_code == 404  # alice is no admin any more
    actions = scalar(sa.select(sa.func.count()).select_from(AdminAction))
    assert actions == 2


@pytest.mark.parametrize(
    "method, path", [("POST", "remove-admin"), ("POST", "disable"), ("POST", "delete")]
)
def test_the_last_admin_cannot_be_demoted_disabled_or_deleted(
    admin_client, app, scalar, method, path
):
    """SECURITY.md case 52: the site always keeps an active admin."""
    response = admin_client.post_form(f"/admin/people/alice/{path}")
    assert response.status_code == 409
    assert "This is the site's last admin" in html.unescape(response.text)
    alice = scalar(sa.select(User).where(User.username == "alice"))
    assert (alice.is_admin, alice.status) == (True, "active")
    assert admin_client.get("/admin").status_code == 200
    # With a second admin, it works.
    admin_client.post_form("/admin/people/bob/make-admin")
    assert admin_client.post_form(f"/admin/people/alice/{path}").status_code == 302


def test_deleting_asks_first_then_removes_everything(
    admin_client, app, make_post, people, row_count
):
    make_post(people["bob"], photos=2)
    files_before = media_files(app)
    confirm = admin_client.get("/admin/people/bob/delete")
    assert confirm.status_code == 200 and "Delete bob?" in confirm.text
    assert row_count(User, User.username == "bob") == 1  # a GET deletes nothing
    response = admin_client.post_form("/admin/people/bob/delete")
    assert response.status_code == 302
    assert row_count(User, User.username == "bob") == 0
    assert row_count(Post) == 0
    assert len(media_files(app)) < len(files_before)
    assert "bob and everything" in html.unescape(admin_client.get("/admin/people").text)
    log = admin_client.get("/admin/log").text
    assert "<td>delete</td>" in log and "<td>bob</td>" in log
    assert admin_client.post_form("/admin/people/nobody/delete").status_code == 404


def test_the_last_admin_deleting_their_own_account_hands_the_site_over(app, people, scalar):
    alice = login_client(app, "alice")
    response = alice.post_form("/settings/delete", {"password": "correct horse battery"})
    assert response.status_code == 302
    assert scalar(sa.select(User.username).where(User.is_admin)) == "bob"


def test_the_log_is_paged_newest_first(admin_client, app, monkeypatch):
    from flaskgram.web import admin

    monkeypatch.setattr(admin, "LOG_PAGE_SIZE", 2)
    for action in ("disable", "enable", "disable"):
        admin_client.post_form(f"/admin/people/bob/{action}")
    first = admin_client.get("/admin/log").text
    assert first.count("<td>alice</td>") == 2 and "Older" in first
    cursor = first.split("/admin/log?before=")[1].split('"')[0]
    second = admin_client.get(f"/admin/log?before={cursor}").text
    assert second.count("<td>alice</td>") == 1 and "Older" not in second


def test_admin_pages_cost_the_same_queries_whatever_the_number_of_rows(
    admin_client, app, make_user, count_queries
):
    def add_people(numbers):
        for n in numbers:
            make_user(f"person{n}")
            guest = signup_data(f"guest{n}", invite(app))
            assert app.test_client().post("/api/v1/users", json=guest).status_code == 201
            admin_client.post_form(f"/admin/people/person{n}/disable")

    def costs():
        counted = []
        for path in ("/admin/people", "/admin/log", "/admin/invitations"):
            with count_queries() as queries:
                assert admin_client.get(path).status_code == 200
            counted.append(len(queries))
        return counted

    add_people([0])
    few = costs()
    add_people(range(1, 8))
    assert costs() == few


def test_create_admin_makes_a_new_admin_or_promotes_one(app, runner, people, scalar):
    result = runner.invoke(
        args=["create-admin", "dan", "--email", "dan@example.com"],
        input="correct horse battery\ncorrect horse battery\n",
    )
    assert result.exit_code == 0, result.output
    assert scalar(sa.select(User.is_admin).where(User.username == "dan")) is True
    result = runner.invoke(args=["create-admin", "bob"])
    assert result.exit_code == 0 and "bob is an admin" in result.output
    assert scalar(sa.select(User.is_admin).where(User.username == "bob")) is True
    result = runner.invoke(args=["create-admin", "nobody"])
    assert result.exit_code != 0 and "add --email" in result.output
    result = runner.invoke(
        args=["create-admin", "x", "--email", "x@example.com"], input="short\nshort\n"
    )
    assert result.exit_code != 0 and "username" in result.output


def test_the_demo_user_is_an_admin(app, runner, scalar):
    from flaskgram.demo import PEOPLE

    result = runner.invoke(args=["seed-demo", "--posts-per-user", "0"])
    assert result.exit_code == 0, result.output
    assert scalar(sa.select(User.username).where(User.is_admin)) == PEOPLE[0][0]
