"""Saving posts: idempotent buttons, the private Saved page, and its cursor pages."""

import re

import pytest
from conftest import all_at_once, login_client, sharing_session, stored_post

from flaskgram import feeds, saves
from flaskgram.models import Post, SavedPost

GRID_LINKS = re.compile(r'<li><a class="photo-link" href="/p/(\d+)">')
OLDER_LINK = re.compile(r'<a class="button" href="(/saved\?before=(\d+))">Older posts</a>')


def saved_ids(page) -> list[int]:
    """The post ids on a Saved page, in order."""
    assert page.status_code == 200
    return [int(found) for found in GRID_LINKS.findall(page.text)]


def card_of(page, post_id: int) -> str:
    found = re.search(rf'<article class="card" id="post-{post_id}">.*?</article>', page.text, re.S)
    assert found, f"no card for post {post_id}"
    return found.group(0)


def test_save_and_unsave_are_idempotent_posts(app, client, logged_in, make_user, row_count):
    """Saving twice keeps one row; unsaving twice is fine; each goes back where it was."""
    post = stored_post_of(app, make_user("bob"))
    for _ in range(2):
        response = client.post_form(f"/p/{post.id}/save", {"next": "/?before=99"})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/?before=99#post-{post.id}"
    assert row_count(SavedPost) == 1
    for _ in range(2):
        response = client.post_form(f"/p/{post.id}/unsave", {"next": "//evil.example"})
        assert response.headers["Location"] == f"/p/{post.id}#post-{post.id}"  # case 18
    assert row_count(SavedPost) == 0
    assert client.post_form("/p/999999/save").status_code == 404
    assert client.get(f"/p/{post.id}/save").status_code == 405  # case 17


def stored_post_of(app, author, **fields) -> Post:
    with app.app_context():
        return stored_post(author, **fields)


def test_the_save_button_shows_and_changes_the_viewers_state(app, client, logged_in, make_user):
    """The card's bookmark is pressed for a saved post and unsaves it; script gets JSON."""
    post = stored_post_of(app, make_user("bob"))
    card = card_of(client.get("/"), post.id)
    assert f'action="/p/{post.id}/save"' in card
    assert 'class="icon-button save-button" aria-pressed="false"' in card

    response = client.post_form(f"/p/{post.id}/save", headers={"Accept": "application/json"})
    assert response.get_json() == {"saved": True}
    card = card_of(client.get("/"), post.id)
    assert f'action="/p/{post.id}/unsave"' in card
    assert 'class="icon-button save-button" aria-pressed="true"' in card
    assert 'save-button" aria-pressed="true"' in client.get(f"/p/{post.id}").text


def test_the_saved_page_is_newest_saved_first_and_pages_by_cursor(
    app, client, logged_in, make_user
):
    """Saved in one order, posted in another: the page follows the saves, 20 at a time."""
    bob = make_user("bob")
    with app.app_context():
        posts = [stored_post(bob, caption=f"P{n}") for n in range(25)]
        order = posts[5:] + posts[:5]  # the oldest five posts were saved last
        for post in order:
            saves.save_post(logged_in, post)
    expected = [post.id for post in reversed(order)]

    first = client.get("/saved")
    assert saved_ids(first) == expected[:20]
    link = OLDER_LINK.search(first.text)
    second = client.get(link.group(1))
    assert saved_ids(second) == expected[20:]
    assert OLDER_LINK.search(second.text) is None
    assert "Only you can see what you've saved." in first.text


@pytest.mark.parametrize("before", ["abc", "-1", "0", "9" * 20])
def test_odd_saved_cursors_never_fail(client, logged_in, before):
    assert client.get(f"/saved?before={before}").status_code == 200


def test_an_empty_saved_page_says_what_it_is_for(client, logged_in):
    page = client.get("/saved")
    assert page.status_code == 200
    assert "Save posts for later" in page.text and 'href="/"' in page.text
    assert 'href="/saved" aria-current="page">Saved</a>' in page.text  # in the account menu


def test_case_46_nobody_else_sees_what_you_saved(app, make_user, make_post):
    """Case 47: bob's Saved page, feed and post pages know nothing of alice's saves."""
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(alice, caption="Alice's")
    with app.app_context():
        saves.save_post(alice, post)
    bob_browser = login_client(app, "bob")
    assert saved_ids(bob_browser.get("/saved")) == []
    assert 'save-button" aria-pressed="false"' in card_of(bob_browser.get("/"), post.id)
    assert 'save-button" aria-pressed="false"' in bob_browser.get(f"/p/{post.id}").text
    assert "Saved" not in bob_browser.get("/u/alice").text.split("<main")[1]
    alice_browser = login_client(app, "alice")
    assert saved_ids(alice_browser.get("/saved")) == [post.id]
    assert client_anonymous(app).get("/saved").status_code == 302  # to the login page
    with app.app_context():
        saves.save_post(bob, post)
    assert saved_ids(bob_browser.get("/saved")) == [post.id]
    assert saved_ids(alice_browser.get("/saved")) == [post.id]


def client_anonymous(app):
    return app.test_client()


def test_a_hidden_post_leaves_the_saved_page(app, client, logged_in, make_user, monkeypatch):
    """The Saved page reads posts through the one visibility rule."""
    bob = make_user("bob")
    post = stored_post_of(app, bob)
    with app.app_context():
        saves.save_post(logged_in, post)
    real_rule = feeds.visible_posts
    monkeypatch.setattr(
        feeds, "visible_posts", lambda viewer: real_rule(viewer).where(Post.user_id != bob.id)
    )
    assert saved_ids(client.get("/saved")) == []
    assert client.post_form(f"/p/{post.id}/unsave").status_code == 404


def test_deleting_a_post_takes_it_off_every_saved_page(app, make_user, make_post, row_count):
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(alice)
    with app.app_context():
        saves.save_post(bob, post)
    browser = login_client(app, "alice")
    assert browser.post_form(f"/p/{post.id}/delete").status_code == 302
    assert row_count(SavedPost) == 0
    assert saved_ids(login_client(app, "bob").get("/saved")) == []


def test_the_saved_page_costs_the_same_for_1_post_and_for_20(
    app, client, logged_in, make_user, count_queries
):
    """A constant number of statements, whatever the page size."""
    bob = make_user("bob")
    counts = []
    for batch in (1, 19):
        with app.app_context():
            for n in range(batch):
                saves.save_post(logged_in, stored_post(bob, caption=f"{n}", photos=1 + n % 2))
        client.get("/saved")  # warm up
        with count_queries() as statements:
            page = client.get("/saved")
        assert len(saved_ids(page)) == len(counts) * 19 + 1
        counts.append(len(statements))
    print(f"\n/saved: {counts[0]} statements for 1 post, {counts[1]} for 20")
    assert counts[0] == counts[1], counts
    assert counts[1] <= 4, counts  # the session, the saved posts, their authors, their photos


def test_twenty_concurrent_saves_make_one_row(app, client, logged_in, make_user, row_count):
    """Like case 39: a double-click storm leaves one row and no 500."""
    post = stored_post_of(app, make_user("bob"))
    token, browsers = client.csrf_token(), sharing_session(app, client, 20)

    def click(browser):
        return browser.post(f"/p/{post.id}/save", data={"csrf_token": token}).status_code

    results = all_at_once([lambda browser=browser: click(browser) for browser in browsers])
    assert set(results) == {302}, results
    assert row_count(SavedPost) == 1
    assert row_count(SavedPost, SavedPost.post_id == post.id) == 1
    with app.app_context():
        assert saves.has_saved(logged_in, post.id)
