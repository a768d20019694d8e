"""Notifications: likes, comments and follows tell people, grouped; a stored unread badge."""

import re

import sqlalchemy as sa
from conftest import login_client

from flaskgram.models import Notification, User

BADGE = re.compile(r'<span class="badge" data-unread-badge>(\d+|99\+)<')


def unread_of(scalar, username: str) -> int:
    return scalar(sa.select(User.unread_notification_count).where(User.username == username))


def badge(page) -> str | None:
    found = BADGE.search(page.text)
    return found.group(1) if found else None


def test_a_like_notifies_the_author_and_taking_it_back_removes_it(
    app, client, make_user, make_post, scalar, row_count
):
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(alice)
    bobs = login_client(app, "bob")
    assert bobs.post_form(f"/p/{post.id}/like").status_code == 302
    assert row_count(Notification, Notification.user_id == alice.id) == 1
    assert unread_of(scalar, "alice") == 1
    alices = login_client(app, "alice")
    assert badge(alices.get("/")) == "1"
    page = alices.get("/notifications")
    assert "bob</a>" in page.text and "liked your post." in page.text

    bobs.post_form(f"/p/{post.id}/unlike")
    assert row_count(Notification) == 0
    assert unread_of(scalar, "alice") == 0
    assert badge(alices.get("/")) is None
    assert bob.id != alice.id


def test_no_notification_for_your_own_actions(
    app, client, make_user, make_post, scalar, row_count
):
    """SECURITY.md case 60: liking, commenting on or mentioning yourself tells nobody."""
    alice = make_user("alice")
    post = make_post(alice, caption="Me, @alice")
    alices = login_client(app, "alice")
    alices.post_form(f"/p/{post.id}/like")
    alices.post_form(f"/p/{post.id}/comments", {"body": "Nice one @alice"})
    assert row_count(Notification) == 0
    assert unread_of(scalar, "alice") == 0


def test_comments_notify_and_deleting_the_comment_takes_it_back(
    app, make_user, make_post, scalar, row_count
):
    alice, _ = make_user("alice"), make_user("bob")
    post = make_post(alice)
    bobs = login_client(app, "bob")
    bobs.post_form(f"/p/{post.id}/comments", {"body": "Lovely <b>light</b>"})
    alices = login_client(app, "alice")
    page = alices.get("/notifications")
    assert "commented on your post:" in page.text
    assert "Lovely &lt;b&gt;light&lt;/b&gt;" in page.text
    comment_id = scalar(sa.select(Notification.comment_id))
    alices.post_form(f"/p/{post.id}/comments/{comment_id}/delete")  # the post's author may
    assert row_count(Notification) == 0
    assert unread_of(scalar, "alice") == 0


def test_follows_notify_and_unfollowing_takes_it_back(app, make_user, scalar, row_count):
    make_user("alice"), make_user("bob")
    bobs = login_client(app, "bob")
    bobs.post_form("/u/alice/follow")
    assert unread_of(scalar, "alice") == 1
    assert "started following you." in login_client(app, "alice").get("/notifications").text
    bobs.post_form("/u/alice/unfollow")
    assert row_count(Notification) == 0
    assert unread_of(scalar, "alice") == 0


def test_likes_of_one_post_are_grouped(app, make_user, make_post):
    alice = make_user("alice")
    post = make_post(alice)
    for name in ("ada", "bea", "cyd", "dan"):
        make_user(name)
        login_client(app, name).post_form(f"/p/{post.id}/like")
    page = login_client(app, "alice").get("/notifications").text
    assert "dan</a> and 3 others\n" in page or re.search(r"dan</a> and 3 others\s+liked", page)
    assert page.count("liked your post.") == 1


def test_turned_off_kinds_are_not_written(app, make_user, make_post, scalar, row_count):
    """SECURITY.md case 60: a kind switched off in settings is never written or counted."""
    alice, _ = make_user("alice"), make_user("bob")
    post = make_post(alice)
    alices = login_client(app, "alice")
    page = alices.get("/settings/notifications")
    assert 'name="likes"' in page.text and "checked" in page.text
    response = alices.post_form(
        "/settings/notifications", {"comments": "y", "follows": "y", "mentions": "y"}
    )
    assert response.status_code == 302
    assert scalar(sa.select(User.notify_likes).where(User.id == alice.id)) is False
    bobs = login_client(app, "bob")
    bobs.post_form(f"/p/{post.id}/like")
    assert row_count(Notification) == 0 and unread_of(scalar, "alice") == 0
    bobs.post_form("/u/alice/follow")
    assert row_count(Notification) == 1 and unread_of(scalar, "alice") == 1


def test_marking_read_is_a_post_and_clears_the_badge(app, make_user, make_post, scalar):
    alice, _ = make_user("alice"), make_user("bob")
    post = make_post(alice)
    login_client(app, "bob").post_form(f"/p/{post.id}/like")
    alices = login_client(app, "alice")
    page = alices.get("/notifications")
    assert 'class="notification unread"' in page.text
    assert unread_of(scalar, "alice") == 1  # looking changes nothing: no writes on GET
    assert alices.post("/notifications/read").status_code == 400  # no CSRF token
    response = alices.post_form("/notifications/read", headers={"Accept": "application/json"})
    assert response.get_json() == {"unread_notifications": 0}
    assert unread_of(scalar, "alice") == 0
    assert badge(alices.get("/notifications")) is None
    assert 'class="notification unread"' not in alices.get("/notifications").text


def test_marking_read_up_to_an_id_keeps_newer_ones_unread(app, make_user, make_post, scalar):
    alice = make_user("alice")
    posts = [make_post(alice), make_post(alice)]
    make_user("bob")
    bobs = login_client(app, "bob")
    for post in posts:
        bobs.post_form(f"/p/{post.id}/like")
    first = scalar(sa.select(sa.func.min(Notification.id)))
    login_client(app, "alice").post_form("/notifications/read", {"up_to": str(first)})
    assert unread_of(scalar, "alice") == 1


def test_notifications_are_their_recipients_alone(app, make_user, make_post, scalar):
    """SECURITY.md case 59: nobody sees or marks read someone else's notifications."""
    alice, _, _ = make_user("alice"), make_user("bob"), make_user("carol")
    post = make_post(alice, caption="secret-ish")
    login_client(app, "bob").post_form(f"/p/{post.id}/like")
    carols = login_client(app, "carol")
    assert "liked your post" not in carols.get("/notifications").text
    carols.post_form("/notifications/read")
    assert unread_of(scalar, "alice") == 1


def test_deleting_a_post_or_an_account_fixes_the_counts(app, make_user, make_post, scalar):
    alice, _, _ = make_user("alice"), make_user("bob"), make_user("carol")
    first, second = make_post(alice), make_post(alice)
    bobs, carols = login_client(app, "bob"), login_client(app, "carol")
    bobs.post_form(f"/p/{first.id}/like")
    carols.post_form(f"/p/{second.id}/like")
    carols.post_form("/u/alice/follow")
    assert unread_of(scalar, "alice") == 3
    login_client(app, "alice").post_form(f"/p/{first.id}/delete")
    assert unread_of(scalar, "alice") == 2
    carols.post_form("/settings/delete", {"password": "correct horse battery"})
    assert unread_of(scalar, "alice") == 0
    assert scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_a_notification_costs_one_update_and_one_insert(app, make_user, make_post, count_queries):
    """Liking tells the author with the count's UPDATE and one INSERT, nothing more."""
    alice, _ = make_user("alice"), make_user("bob")
    own, other = make_post(alice), make_post(alice)
    alices, bobs = login_client(app, "alice"), login_client(app, "bob")
    alices.get("/"), bobs.get("/")
    with count_queries() as quiet:  # a like nobody is told of: your own
        alices.post_form(f"/p/{own.id}/like")
    with count_queries() as told:
        bobs.post_form(f"/p/{other.id}/like")
    extra = [s for s in told if s not in quiet]
    assert len(told) - len(quiet) == 2, extra
    assert any(s.lstrip().upper().startswith("UPDATE USERS") for s in told)
    assert any(s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS") for s in told)


def test_the_notifications_page_costs_the_same_for_more_and_pages_by_cursor(
    app, make_user, make_post, count_queries
):
    alice = make_user("alice")
    app.config["POSTS_PER_PAGE"] = 3
    posts = [make_post(alice) for _ in range(8)]
    make_user("bob")
    bobs = login_client(app, "bob")
    alices = login_client(app, "alice")
    bobs.post_form(f"/p/{posts[0].id}/comments", {"body": "one"})
    with count_queries() as few:
        alices.get("/notifications")
    for post in posts[1:]:
        bobs.post_form(f"/p/{post.id}/comments", {"body": "again"})
    with count_queries() as many:
        first = alices.get("/notifications")
    assert len(many) == len(few)
    older = re.search(r'href="(/notifications\?before=\d+)"', first.text).group(1)
    second = alices.get(older)
    assert second.text.count("commented on your post:") == 3
    assert first.text.count("commented on your post:") == 3
