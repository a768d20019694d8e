"""Whole journeys in a real browser: sign up, post a photo, like, comment, log out."""

import io

import pytest
from conftest import screenshot
from PIL import Image
from playwright.sync_api import expect

from flaskgram.models import Comment, Like

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def photo_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 140, 200)).save(output, "JPEG")
    return output.getvalue()


def sign_up(page, base: str, username: str = "alice") -> None:
    page.goto(base + "/")
    expect(page).to_have_url(base + "/login?next=%2F")
    page.get_by_role("link", name="Sign up").last.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(base + "/")


def test_sign_up_post_like_comment_and_log_out(page, live_server, row_count):
    base = live_server
    sign_up(page, base)
    expect(page.get_by_role("heading", name="No posts yet")).to_be_visible()
    screenshot(page, "feed-empty")

    page.get_by_role("link", name="New post").first.click()
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.get_by_label("Caption").fill("Blue skies 🌤️\nsecond line")
    page.get_by_label("Alt text").fill("A plain blue sky")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Your post is live.")).to_be_visible()
    image = page.get_by_alt_text("A plain blue sky")
    expect(image).to_be_visible()
    # The browser picked a rendition from srcset (the 640 px one fits these screens).
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "_640.jpg" in image.evaluate("img => img.currentSrc")

    page.get_by_role("link", name="Feed").first.click() if page.viewport_name == "laptop" else (
        page.goto(base + "/")
    )
    page.evaluate("window.notReloaded = true")
    like = page.locator("[data-like-form] button").first
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.locator("p.likes").first).to_have_text("1 like")
    assert page.evaluate("window.notReloaded") is True  # liked without a page load
    assert row_count(Like) == 1

    page.get_by_label("Add a comment").first.fill("What a day!")
    page.get_by_role("button", name="Post", exact=True).first.click()
    expect(page.locator(".comment").first).to_contain_text("What a day!")
    assert row_count(Comment) == 1
    screenshot(page, "feed-with-post")

    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have been logged out.")).to_be_visible()
    page.goto(base + "/")
    expect(page).to_have_url(base + "/login?next=%2F")


def test_like_works_without_javascript(browser, live_server, row_count):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.viewport_name = "nojs"
    sign_up(page, live_server, "bob")
    page.goto(live_server + "/posts/new")
    page.get_by_label("…or an image address (https://)").fill("https://images.example.com/a.jpg")
    page.get_by_role("button", name="Share").click()
    page.goto(live_server + "/")
    page.locator("[data-like-form] button").first.click()
    expect(page.locator("[data-like-form] button").first).to_have_attribute("aria-pressed", "true")
    assert row_count(Like) == 1
    context.close()


def test_bad_input_shows_messages_next_to_fields(page, live_server):
    page.goto(live_server + "/signup")
    page.get_by_label("Username").fill("../admin")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill("password123")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#username-error")).to_contain_text("letters, numbers, dots")
    expect(page.locator("#password-error")).to_contain_text("too common")
    expect(page.get_by_label("Email")).to_have_value("alice@example.com")
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "signup-errors")
