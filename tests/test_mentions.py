"""Mentions: @username in captions and comments links to the person and tells them."""

import re

import sqlalchemy as sa
from conftest import XSS, login_client, new_post, post_id_of

from flaskgram import limits
from flaskgram.models import Notification, User


def mention_links(html: str) -> list[str]:
    return re.findall(r'<a class="mention" href="/u/([^"]+)">', html)


def test_a_caption_mention_links_and_notifies(app, client, logged_in, make_user, row_count):
    make_user("bob")
    post_id = post_id_of(new_post(client, caption="With @Bob and @nobody_here, see a@bob.com"))
    page = client.get(f"/p/{post_id}").text
    assert mention_links(page) == ["bob"]
    assert "@nobody_here" in page  # unknown: plain text
    assert mention_links(client.get("/").text) == ["bob"]
    assert row_count(Notification, Notification.kind == "mention") == 1
    bobs = login_client(app, "bob")
    assert "mentioned you in a post." in bobs.get("/notifications").text


def test_a_comment_mention_notifies_and_goes_with_the_comment(
    app, make_user, make_post, row_count, scalar
):
    alice, _, _ = make_user("alice"), make_user("bob"), make_user("carol")
    post = make_post(alice)
    bobs = login_client(app, "bob")
    bobs.post_form(f"/p/{post.id}/comments", {"body": "@carol look at this"})
    assert row_count(Notification, Notification.kind == "mention") == 1
    assert "mentioned you in a comment:" in login_client(app, "carol").get("/notifications").text
    assert mention_links(bobs.get(f"/p/{post.id}").text) == ["carol"]
    comment_id = scalar(sa.select(Notification.comment_id).where(Notification.kind == "mention"))
    bobs.post_form(f"/p/{post.id}/comments/{comment_id}/delete")
    assert row_count(Notification) == 0
    assert scalar(sa.select(sa.func.sum(User.unread_notification_count))) == 0


def test_at_most_twenty_mentions_a_text_count(app, client, logged_in, make_user, row_count):
    names = [f"friend{n:02}" for n in range(limits.MENTIONS_PER_TEXT_MAX + 1)]
    for name in names:
        make_user(name)
    post_id = post_id_of(new_post(client, caption=" ".join(f"@{name}" for name in names)))
    assert row_count(Notification) == limits.MENTIONS_PER_TEXT_MAX
    assert len(mention_links(client.get(f"/p/{post_id}").text)) == limits.MENTIONS_PER_TEXT_MAX


def test_editing_a_caption_notifies_new_names_and_takes_back_removed_ones(
    app, client, logged_in, make_user, row_count
):
    make_user("bob"), make_user("carol")
    post_id = post_id_of(new_post(client, caption="Hi @bob"))
    client.post_form(f"/p/{post_id}/edit", {"caption": "Hi @bob and @carol", "alt_text": ""})
    assert row_count(Notification) == 2
    client.post_form(f"/p/{post_id}/edit", {"caption": "Hi @carol", "alt_text": ""})
    assert [
        n
        for n in ("bob", "carol")
        if row_count(
            Notification, Notification.user_id.in_(sa.select(User.id).where(User.username == n))
        )
    ] == ["carol"]


def test_script_around_mentions_and_tags_is_shown_escaped(app, client, logged_in, make_user):
    """SECURITY.md case 62: mentions and hashtags are linked after the text is escaped."""
    make_user("bob")
    caption = f'@bob{XSS} #tag"><script>x</script> <a href="#x">#y</a> &#39;'
    post_id = post_id_of(new_post(client, caption=caption))
    for page in (client.get(f"/p/{post_id}").text, client.get("/").text):
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
        assert '<a href="#x">' not in page
        assert '<a class="mention" href="/u/bob">@bob</a>&lt;script&gt;' in page
        assert '<a class="hashtag" href="/tags/tag">#tag</a>&#34;&gt;&lt;script&gt;' in page


def test_the_feed_costs_the_same_with_more_mentions(
    app, client, logged_in, make_user, make_post, count_queries
):
    bob = make_user("bob")
    make_post(bob, caption="@alice hello")
    client.get("/")
    with count_queries() as few:
        client.get("/")
    for n in range(5):
        make_user(f"user{n}")
        make_post(bob, caption=f"@user{n} and @alice")
    with count_queries() as many:
        page = client.get("/")
    assert len(many) == len(few)
    assert len(mention_links(page.text)) == 11


def test_the_api_names_the_mentioned_people_so_clients_link_them_as_the_pages_do(
    app, logged_in, make_user, make_post
):
    from api_client import api_login

    make_user("bob")
    post = make_post(logged_in, caption="With @Bob and @nobody_here, see you @bob.")
    api = api_login(app, "alice")
    feed = api.get("/feed").json["items"]
    assert feed[0]["mentions"] == ["bob"]  # once, lowercase, and only a real person
    assert api.get(f"/posts/{post.id}").json["mentions"] == ["bob"]
    made = api.post(f"/posts/{post.id}/comments", json={"body": "@alice @ghost hi"})
    assert made.json["mentions"] == ["alice"]
    listed = api.get(f"/posts/{post.id}/comments").json["items"]
    assert [comment["mentions"] for comment in listed] == [["alice"]]
