"""The unread badge in a real browser (Debian's Chromium): it appears, and reading clears it."""

import pytest
from browsing import page_problems
from playwright.sync_api import expect

from flaskgram import likes
from flaskgram.extensions import db
from flaskgram.models import Post

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/")


def test_the_unread_badge_appears_and_clears(page, live_server, app, make_user, make_post):
    alice, bob = make_user("alice"), make_user("bob")
    post = make_post(alice)
    with app.app_context():
        likes.like_post(bob, db.session.get(Post, post.id))

    log_in(page, live_server, "alice")
    badge = page.locator("[data-unread-badge]")
    expect(badge).to_have_text("1 unread")
    page.locator(".notifications-link").click()
    expect(page.get_by_text("liked your post.")).to_be_visible()
    expect(badge).to_have_count(0)  # the page's script marked it read
    page.reload()
    expect(page.locator("[data-unread-badge]")).to_have_count(0)
    expect(page.locator(".notification.unread")).to_have_count(0)
    assert page_problems(page) == []
