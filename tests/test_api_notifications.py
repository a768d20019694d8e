"""The notifications API: the list, marking read, the settings, and the unread count on /me."""

from api_client import api_login

from flaskgram.models import Notification


def test_the_list_groups_and_marking_read_clears_the_count(app, make_user, make_post):
    alice = make_user("alice")
    post = make_post(alice)
    for name in ("bob", "carol"):
        make_user(name)
        api_login(app, name).put(f"/posts/{post.id}/like")
    api_login(app, "bob").post(f"/posts/{post.id}/comments", json={"body": "Hi @alice"})
    api = api_login(app, "alice")
    assert api.get("/me").json["unread_notifications"] == 4
    body = api.get("/me/notifications").json
    assert [item["kind"] for item in body["items"]] == ["mention", "comment", "like"]
    like = body["items"][2]
    assert [actor["username"] for actor in like["actors"]] == ["carol", "bob"]
    assert like["post"]["id"] == post.id and like["read"] is False
    assert body["items"][1]["comment"]["body"] == "Hi @alice"
    assert body["next_cursor"] is None

    newest = body["items"][0]["id"]
    response = api.post("/me/notifications/read", json={"up_to": newest - 1})
    assert response.json == {"unread_notifications": 1}
    assert api.post("/me/notifications/read").json == {"unread_notifications": 0}
    assert api.get("/me").json["unread_notifications"] == 0
    assert all(item["read"] for item in api.get("/me/notifications").json["items"])


def test_the_list_is_cursor_paged(app, make_user, make_post):
    alice = make_user("alice")
    posts = [make_post(alice) for _ in range(3)]
    make_user("bob")
    bob = api_login(app, "bob")
    for post in posts:
        bob.put(f"/posts/{post.id}/like")
    api = api_login(app, "alice")
    first = api.get("/me/notifications", query_string={"limit": 2}).json
    assert [item["post"]["id"] for item in first["items"]] == [posts[2].id, posts[1].id]
    rest = api.get("/me/notifications", query_string={"before": first["next_cursor"]}).json
    assert [item["post"]["id"] for item in rest["items"]] == [posts[0].id]


def test_settings_turn_kinds_off(app, make_user, make_post, row_count):
    alice = make_user("alice")
    post = make_post(alice)
    make_user("bob")
    api = api_login(app, "alice")
    everything = {"likes": True, "comments": True, "follows": True, "mentions": True}
    assert api.get("/me/notifications/settings").json == everything
    changed = {**everything, "likes": False}
    assert api.put("/me/notifications/settings", json=changed).json == changed
    assert api.put("/me/notifications/settings", json={"likes": 1}).status_code == 400
    assert api.put("/me/notifications/settings", json={**changed, "x": 1}).status_code == 400
    api_login(app, "bob").put(f"/posts/{post.id}/like")
    assert row_count(Notification) == 0


def test_someone_elses_notifications_are_never_seen(app, make_user, make_post):
    """SECURITY.md case 59: the API lists and marks read only the caller's notifications."""
    alice = make_user("alice")
    make_user("bob"), make_user("carol")
    post = make_post(alice)
    api_login(app, "bob").put(f"/posts/{post.id}/like")
    carol = api_login(app, "carol")
    assert carol.get("/me/notifications").json["items"] == []
    carol.post("/me/notifications/read")
    assert api_login(app, "alice").get("/me").json["unread_notifications"] == 1
    assert carol.get("/me/notifications", headers={"Authorization": ""}).status_code == 401
