"""The React client's journeys in a real browser (Debian's Chromium), against its build.

The client is the one `make client` built into frontend/dist, served at /app/ by a real
Flaskgram server (the test app, in-process), so every call goes through the real API.
Each test runs at phone and laptop size. Where the journey under test doesn't start with
typing a password, the browser logs in through the API as the login page would (one call),
and the sites are seeded through the fixtures rather than by clicking.
"""

import io
import os
import re
from urllib.parse import parse_qs, urlsplit

import photos
import pytest
import sqlalchemy as sa
from browsing import ROOT, VIEWPORTS, allow_refusals, page_problems, save_for_readme, screenshot
from conftest import PASSWORD, small_photo
from PIL import Image
from playwright.sync_api import expect

from flaskgram import comments, follows, media, posts
from flaskgram.extensions import db
from flaskgram.models import (
    Comment,
    Follow,
    Invitation,
    Like,
    Post,
    PostImage,
    User,
    UserSession,
)

# Only SQLite: the API tests cover both databases, and a browser adds nothing there.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CLIENT_DIST = ROOT / "frontend" / "dist"
# CI must prove these tests ran: there a missing build fails instead of skipping.
REQUIRE_CLIENT = os.environ.get("FLASKGRAM_REQUIRE_CLIENT") == "1"
WEB_CLIENT = {"X-Flaskgram-Client": "web"}  # what the client sends to the token endpoints
# Asked at every start: with nobody logged in there is no refresh cookie, and a 401.
NO_LOGIN_YET = (401, "/api/v1/auth/refresh")


@pytest.fixture(scope="session")
def client_build():
    """The client as `make client` built it; skipped without it, except in CI."""
    if not (CLIENT_DIST / "index.html").is_file():
        message = f"no React client build ({CLIENT_DIST}/index.html): build it with make client"
        if REQUIRE_CLIENT:
            pytest.fail(message)
        pytest.skip(message)
    return CLIENT_DIST


@pytest.fixture
def app_url(app, live_server, client_build) -> str:
    """Where the served client starts: /app on the live server, from this repository's build."""
    # Set even though it is the default: FLASKGRAM_CLIENT_DIST may say otherwise here.
    app.config["CLIENT_DIST"] = str(client_build)
    return live_server + "/app"


def log_in_quietly(page, app_url: str, username: str = "alice", password: str = PASSWORD):
    """Log this tab in without the form: the token call the login page makes, whose refresh
    cookie lands in the tab's cookie jar, then the feed, which starts with that cookie."""
    base = app_url.removesuffix("/app")
    answer = page.request.post(
        base + "/api/v1/auth/token",
        headers=WEB_CLIENT,
        data={"username": username, "password": password},
    )
    assert answer.ok, answer.text()
    page.goto(app_url + "/")
    expect(account_menu(page, username)).to_be_visible()


def feed_address(app_url: str) -> re.Pattern:
    """The feed's address: /app/, or /app once the router has gone there (its links say /app)."""
    return re.compile(re.escape(app_url) + "/?$")


def account_menu(page, username: str = "alice"):
    return page.get_by_role("button", name=f"Account menu for {username}")


def settled(page) -> None:
    """Wait until the screen has loaded what it shows: no spinner, and its one h1."""
    expect(page.locator(".app-loading")).to_have_count(0)
    expect(page.locator("h1")).to_have_count(1)


def jpeg_file(name: str = "photo.jpg", width: int = 800, height: int = 600, colour="teal"):
    return {"name": name, "mimeType": "image/jpeg", "buffer": photos.jpeg(width, height, colour)}


def assert_drawn(image) -> None:
    """The picture arrived and was decoded (not a broken image)."""
    expect(image).to_be_visible()
    image.page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )


# --- Signing up, logging out and in ---------------------------------------------------------


def test_sign_up_log_out_and_log_in(page, app_url, row_count):
    """Sign up, log out, a wrong password (message shown, username kept), log in, and a
    reload that keeps the login (the refresh cookie)."""
    allow_refusals(page, NO_LOGIN_YET, (401, "/api/v1/auth/token"))
    page.goto(app_url + "/")
    expect(page).to_have_url(app_url + "/login?next=%2F")
    page.get_by_role("link", name="Sign up").first.click()
    expect(page).to_have_url(app_url + "/signup")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(feed_address(app_url))
    expect(page.get_by_role("heading", name="No posts yet")).to_be_visible()
    assert row_count(User) == 1
    screenshot(page, "app-signed-up")

    account_menu(page).click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(app_url + "/login")
    expect(page.get_by_role("status")).to_have_text("You have been logged out.")
    assert row_count(UserSession) == 0  # the server ended the login, not just this tab
    page.reload()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()  # still logged out

    username = page.get_by_label("Username or email")
    username.fill("alice")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Log in").click()
    message = page.locator("form").get_by_role("alert")
    expect(message).to_have_text("Incorrect username or password.")
    expect(username).to_have_value("alice")
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "app-login-refused")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(feed_address(app_url))
    expect(account_menu(page)).to_be_visible()
    page.reload()  # the access token was in memory only: the refresh cookie brings it back
    expect(account_menu(page)).to_be_visible()
    expect(page).to_have_url(feed_address(app_url))


# --- Feeds --------------------------------------------------------------------------------


def posts_sharing_a_photo(author: User, captions: list[str]) -> list[int]:
    """Posts whose photo is saved once (inside an app context): each photo of its own would
    be decoded and resized again, for nothing these tests look at. Returns their ids."""
    photo = media.save_upload(io.BytesIO(small_photo()))
    made = [
        posts.create_post(
            author, caption=caption, alt_texts=[f"Photo of {caption}"], images=[photo]
        )
        for caption in captions
    ]
    return [post.id for post in made]


@pytest.fixture
def bob_posted(app, make_user):
    """alice, and bob with 25 posts ("Post 1" the oldest): more than a page of the feed.
    Returns the posts' ids, oldest first."""
    make_user("alice")
    bob = make_user("bob")
    with app.app_context():
        return posts_sharing_a_photo(bob, [f"Post {n}" for n in range(1, 26)])


def test_feed_loads_older_posts_as_you_scroll(page, app_url, bob_posted):
    """The first page holds 20 posts; scrolling to its end loads the rest by cursor."""
    feed_calls = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).path == "/api/v1/feed" and feed_calls.append(request.url)
        ),
    )
    log_in_quietly(page, app_url)
    cards = page.locator("article.card")
    expect(cards).to_have_count(20)
    expect(cards.first).to_contain_text("Post 25")
    expect(cards.last).to_contain_text("Post 6")
    assert len(feed_calls) == 1

    cards.last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    expect(cards).to_have_count(25)
    expect(cards.last).to_contain_text("Post 1")
    expect(page.get_by_role("heading", name="That's everything")).to_be_visible()
    oldest_shown = bob_posted[5]  # Post 6, the last of the first page
    assert [parse_qs(urlsplit(url).query).get("before") for url in feed_calls] == [
        None,
        [str(oldest_shown)],
    ]
    screenshot(page, "app-feed-end")


def test_following_feed_is_empty_then_shows_who_you_follow(page, app_url, make_user, make_post):
    """The Following feed starts empty; after following bob from his profile, his posts."""
    make_user("alice")
    bob, carol = make_user("bob"), make_user("carol")
    make_post(bob, caption="Bob's first")
    make_post(carol, caption="Carol's only")
    make_post(bob, caption="Bob's second")
    log_in_quietly(page, app_url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Following").click()
    expect(page).to_have_url(app_url + "/following")
    expect(page.get_by_role("heading", name="Nothing here yet")).to_be_visible()
    screenshot(page, "app-following-empty")

    page.get_by_role("navigation", name="Feeds").get_by_role("link", name="Feed").click()
    bobs_card = page.locator("article.card", has_text="Bob's second")
    bobs_card.get_by_role("link", name="bob").first.click()
    expect(page).to_have_url(app_url + "/u/bob")
    page.get_by_role("button", name="Follow bob").click()
    expect(page.get_by_role("button", name="Following bob; unfollow")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Following").click()
    cards = page.locator("article.card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Bob's second")
    expect(cards.last).to_contain_text("Bob's first")
    expect(page.get_by_text("Carol's only")).to_have_count(0)
    screenshot(page, "app-following")


# --- A post: comments and likes -------------------------------------------------------------


@pytest.fixture
def bobs_post(app, make_user, make_post):
    """bob's post "Evening walk", with a comment from bob and one from carol."""
    make_user("alice")
    bob, carol = make_user("bob"), make_user("carol")
    post = make_post(bob, caption="Evening walk", alt_text="Green hills at sunset")
    with app.app_context():
        post = db.session.get(Post, post.id)
        comments.add_comment(db.session.get(User, bob.id), post, "Lovely light")
        comments.add_comment(db.session.get(User, carol.id), post, "Where is this?")
        return post.id


def next_held(page, held: list):
    """The first request held back by a route, once the page has sent it."""
    for _ in range(250):
        if held:
            return held.pop(0)
        page.wait_for_timeout(20)  # lets Playwright hand the route over meanwhile
    pytest.fail("the request never came")


def test_post_page_comment_delete_and_like(page, app_url, bobs_post, row_count):
    """A post's page shows its comments; a comment posts and deletes; a like shows at
    once, before the server answers, and so does taking it back."""
    log_in_quietly(page, app_url)
    page.get_by_alt_text("Green hills at sunset").click()
    expect(page).to_have_url(app_url + f"/p/{bobs_post}")
    expect(page.get_by_role("heading", name="2 comments")).to_be_visible()
    comment_lines = page.locator(".comment")
    expect(comment_lines).to_have_count(2)
    expect(comment_lines.first).to_contain_text("bob Lovely light")
    expect(comment_lines.last).to_contain_text("carol Where is this?")

    page.get_by_label("Add a comment").fill("Those colours!")
    page.get_by_role("button", name="Post", exact=True).click()
    mine = page.locator(".comment", has_text="Those colours!")
    expect(mine.get_by_role("button", name="Delete comment by alice")).to_be_visible()
    expect(page.get_by_role("heading", name="3 comments")).to_be_visible()
    assert row_count(Comment) == 3
    screenshot(page, "app-post-commented")
    with page.expect_response(lambda answer: answer.request.method == "DELETE"):
        mine.get_by_role("button", name="Delete comment by alice").click()
        expect(mine).to_have_count(0)  # at once, while the server deletes it
    expect(page.get_by_role("heading", name="2 comments")).to_be_visible()
    assert row_count(Comment) == 2

    like = page.get_by_role("button", name="Like")
    likes = page.locator("p.likes")
    expect(likes).to_have_text("0 likes")
    held = []  # the like calls, sent on when the test says (the server's answer waits)
    page.route("**/api/v1/posts/*/like", lambda route: held.append(route))
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(likes).to_have_text("1 like")
    assert row_count(Like) == 0  # shown before the server has it
    with page.expect_response("**/api/v1/posts/*/like"):
        next_held(page, held).continue_()
    assert row_count(Like) == 1
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(likes).to_have_text("0 likes")
    assert row_count(Like) == 1  # the unlike is still waiting too
    with page.expect_response("**/api/v1/posts/*/like"):
        next_held(page, held).continue_()
    assert row_count(Like) == 0
    page.unroute("**/api/v1/posts/*/like")


def test_refused_comment_shows_why_and_keeps_the_text(page, app_url, bobs_post, row_count):
    """A comment over 1,000 characters: the server's message at the box, the text back in it."""
    allow_refusals(page, (400, f"/api/v1/posts/{bobs_post}/comments"))
    log_in_quietly(page, app_url)
    page.goto(app_url + f"/p/{bobs_post}")
    box = page.get_by_label("Add a comment")
    too_long = "So much to say. " * 63  # 1,008 characters, 1,007 once trimmed
    box.fill(too_long)
    page.get_by_role("button", name="Post", exact=True).click()
    # The rule's own words (the API adds marshmallow's "Longer than maximum length" before them).
    expect(page.get_by_role("alert")).to_contain_text(
        "A comment can be at most 1,000 characters (you have 1,007)."
    )
    expect(box).to_have_value(too_long)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", name="2 comments")).to_be_visible()
    assert row_count(Comment) == 2
    screenshot(page, "app-comment-refused")


# --- Sharing, editing and deleting a post -------------------------------------------------


def test_new_post_by_upload_then_edit_and_delete(page, app_url, make_user, row_count, scalar):
    """A file of the wrong type is refused before anything is sent; a photo shows its
    preview and posts; the caption and alt text change; Delete asks before it deletes."""
    make_user("alice")
    creates = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and urlsplit(request.url).path == "/api/v1/posts"
            and creates.append(request)
        ),
    )
    log_in_quietly(page, app_url)
    page.get_by_role("link", name="New post").first.click()
    expect(page).to_have_url(app_url + "/posts/new")
    photo = page.get_by_label("Photos", exact=True)
    photo.set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Not a photo"}
    )
    refused = "That file type isn't supported. Use JPEG, PNG, WebP or GIF."
    expect(page.get_by_text(refused)).to_be_visible()
    page.get_by_role("button", name="Share").click()
    expect(photo).to_be_focused()  # the field to fix, its message read with it
    expect(page.get_by_text(refused)).to_be_visible()
    assert creates == []  # refused here: nothing went to the server

    photo.set_input_files(jpeg_file("lake.jpg"))
    expect(page.get_by_text(refused)).to_have_count(0)
    assert_drawn(page.get_by_alt_text("Preview of photo 1"))
    page.get_by_label("Caption").fill("Still water\nsecond line")
    page.get_by_label("Alt text for photo 1").fill("A lake at dawn")
    screenshot(page, "app-new-post-preview")
    page.get_by_role("button", name="Share").click()
    expect(page).to_have_url(re.compile(re.escape(app_url) + r"/p/\d+$"))
    post_id = int(page.url.rpartition("/")[2])
    assert_drawn(page.get_by_alt_text("A lake at dawn"))
    expect(page.locator(".caption")).to_contain_text(
        "Still water\nsecond line", use_inner_text=True
    )
    assert len(creates) == 1 and row_count(Post) == 1

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(app_url + f"/p/{post_id}/edit")
    page.get_by_label("Caption").fill("Still water, by the boathouse")
    page.get_by_label("Alt text").fill("A grey lake at dawn, a boathouse on the far shore")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(app_url + f"/p/{post_id}")
    expect(page.locator(".caption")).to_contain_text("Still water, by the boathouse")
    expect(
        page.get_by_alt_text("A grey lake at dawn, a boathouse on the far shore")
    ).to_be_visible()
    expect(page.get_by_text("edited")).to_be_visible()
    assert scalar(sa.select(Post.caption)) == "Still water, by the boathouse"
    assert scalar(sa.select(PostImage.alt_text)) == (
        "A grey lake at dawn, a boathouse on the far shore"
    )

    delete = page.get_by_role("button", name="Delete", exact=True)
    delete.click()
    question = page.locator("p", has_text="Delete this post?")
    expect(question).to_be_focused()
    screenshot(page, "app-post-delete-confirm")
    assert row_count(Post) == 1  # only asked, so far
    page.get_by_role("button", name="Cancel").click()
    expect(question).to_have_count(0)
    expect(delete).to_be_focused()
    delete.click()
    page.get_by_role("button", name="Delete post").click()
    expect(page).to_have_url(feed_address(app_url))
    expect(page.get_by_role("heading", name="No posts yet")).to_be_visible()
    assert row_count(Post) == 0


def test_new_post_by_address(page, app_url, make_user, picture_site, row_count):
    """A post by https:// address: the server fetches the picture and keeps its own copy."""
    make_user("alice")
    log_in_quietly(page, app_url)
    page.goto(app_url + "/posts/new")
    page.get_by_label("At a web address").check()
    address = picture_site.url("/photo.jpg")
    page.get_by_label("Image address (https://)").fill(address)
    page.get_by_label("Caption").fill("From the web")
    page.get_by_label("Alt text (describes the photo").fill("Red above blue")
    page.get_by_role("button", name="Share").click()
    expect(page).to_have_url(re.compile(re.escape(app_url) + r"/p/\d+$"))
    image = page.get_by_alt_text("Red above blue")
    assert_drawn(image)
    assert image.evaluate("image => new URL(image.currentSrc).origin") == app_url.removesuffix(
        "/app"
    )
    assert len(picture_site.record.requests) == 1  # fetched once, by the server
    assert row_count(PostImage, PostImage.source_url == address) == 1
    screenshot(page, "app-post-by-address")


# --- People: profiles, lists, following -----------------------------------------------------


@pytest.fixture
def people(app, make_user):
    """alice, bob with three posts, and carol; bob and carol follow each other."""
    alice, bob, carol = make_user("alice"), make_user("bob"), make_user("carol")
    with app.app_context():
        posts_sharing_a_photo(bob, ["Bob's post 1", "Bob's post 2", "Bob's post 3"])
        # Fresh from the database: the objects made above hold counts from before the posts.
        bob, carol = db.session.get(User, bob.id), db.session.get(User, carol.id)
        follows.follow(bob, carol)
        follows.follow(carol, bob)
    return alice


def test_profile_lists_follow_and_unfollow(page, app_url, people, row_count):
    """bob's profile: his grid and counts; follow him, see yourself among his followers,
    the people he follows, and unfollow."""
    log_in_quietly(page, app_url)
    page.goto(app_url + "/u/bob")
    expect(page.get_by_role("heading", level=1)).to_have_text("bob")
    grid = page.locator("ul.grid li")
    expect(grid).to_have_count(3)
    expect(grid.first.get_by_role("link")).to_have_accessible_name("Photo of Bob's post 3")
    stats = page.locator("ul.stats")
    expect(stats).to_contain_text("3 posts")
    expect(stats).to_contain_text("1 follower")
    screenshot(page, "app-profile")

    page.get_by_role("button", name="Follow bob").click()
    expect(page.get_by_role("button", name="Following bob; unfollow")).to_be_visible()
    expect(stats.get_by_role("link", name="2 followers")).to_be_visible()
    stats.get_by_role("link", name="2 followers").click()
    expect(page).to_have_url(app_url + "/u/bob/followers")
    expect(page.get_by_role("heading", level=1)).to_have_text("People following bob")
    expect(page.locator("ul.people li")).to_have_count(2)
    followers = page.locator("ul.people")
    expect(followers.get_by_role("link", name="alice")).to_be_visible()
    expect(followers.get_by_role("button", name="Following carol; unfollow")).to_have_count(0)
    expect(followers.get_by_role("button", name="Follow carol")).to_be_visible()
    screenshot(page, "app-followers")

    page.get_by_role("link", name="← bob").click()
    page.locator("ul.stats").get_by_role("link", name="1 following").click()
    expect(page).to_have_url(app_url + "/u/bob/following")
    expect(page.get_by_role("heading", level=1)).to_have_text("People bob follows")
    expect(page.locator("ul.people li")).to_have_count(1)
    expect(page.locator("ul.people")).to_contain_text("carol")

    page.get_by_role("link", name="← bob").click()
    assert row_count(Follow) == 3
    with page.expect_response(lambda answer: answer.request.method == "DELETE"):
        page.get_by_role("button", name="Following bob; unfollow").click()
        expect(page.get_by_role("button", name="Follow bob")).to_be_visible()
    expect(page.locator("ul.stats").get_by_role("link", name="1 follower")).to_be_visible()
    assert row_count(Follow) == 2


# --- Settings -----------------------------------------------------------------------------


def test_profile_settings_and_avatar(page, app_url, make_user, scalar):
    """Name, bio and a profile photo: its preview, then the top bar's avatar changes."""
    make_user("alice")
    log_in_quietly(page, app_url)
    top_bar_avatar = account_menu(page).locator("img.avatar")
    expect(top_bar_avatar).to_have_count(0)  # an initial, until there is a photo
    account_menu(page).click()
    page.get_by_role("link", name="Settings").click()
    expect(page).to_have_url(app_url + "/settings/profile")
    page.get_by_label("Name").fill("Alice Liddell")
    page.get_by_label("Bio").fill("Down the rabbit hole\nand back")
    page.get_by_label("Profile photo").set_input_files(jpeg_file("me.jpg", 300, 300, "orange"))
    assert_drawn(page.get_by_alt_text("Your new profile photo, not saved yet"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Profile saved.")
    assert_drawn(top_bar_avatar)
    screenshot(page, "app-settings-saved")
    assert scalar(sa.select(User.display_name)) == "Alice Liddell"
    assert scalar(sa.select(User.bio)) == "Down the rabbit hole\nand back"
    assert scalar(sa.select(User.avatar_name)) is not None

    account_menu(page).click()
    page.locator("#account-menu").get_by_role("link", name="Profile").click()
    expect(page.locator(".display-name")).to_have_text("Alice Liddell")
    expect(page.locator(".bio")).to_have_text(
        "Down the rabbit hole\nand back", use_inner_text=True
    )
    assert_drawn(page.locator(".profile-avatar img.avatar"))


def test_password_change_then_log_out_everywhere(page, app_url, app, make_user, row_count):
    """A new password keeps this login and ends the others; logging out everywhere ends
    this one too, and a reload doesn't bring it back."""
    allow_refusals(page, NO_LOGIN_YET)
    make_user("alice")
    old_password = {"username": "alice", "password": PASSWORD}
    new_password = {"username": "alice", "password": "a brand new passphrase"}
    phone = app.test_client()  # another device, logged in through the API
    assert phone.post("/api/v1/auth/token", json=old_password).status_code == 200
    log_in_quietly(page, app_url)
    assert row_count(UserSession) == 2
    page.goto(app_url + "/settings/profile")
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Password").click()
    expect(page).to_have_url(app_url + "/settings/password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_have_text(
        "Password changed. Other devices have been logged out."
    )
    expect(page.get_by_label("Current password")).to_have_value("")
    assert row_count(UserSession) == 1  # this login only
    assert phone.post("/api/v1/auth/token", json=old_password).status_code == 401
    assert phone.post("/api/v1/auth/token", json=new_password).status_code == 200
    screenshot(page, "app-password-changed")

    page.get_by_role("button", name="Log out everywhere").click()
    expect(page).to_have_url(app_url + "/login")
    expect(page.get_by_role("status")).to_have_text("You have been logged out on every device.")
    assert row_count(UserSession) == 0
    page.reload()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_delete_account(page, app_url, make_user, make_post, row_count):
    """Deleting the account asks for the password, then everything goes, and so does the login."""
    allow_refusals(page, NO_LOGIN_YET)
    alice = make_user("alice")
    make_post(alice)
    log_in_quietly(page, app_url)
    page.goto(app_url + "/settings/delete")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(app_url + "/login")
    expect(page.get_by_role("status")).to_have_text(
        "Your account and everything in it have been deleted."
    )
    assert (row_count(User), row_count(Post), row_count(UserSession)) == (0, 0, 0)
    page.reload()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


# --- A private site: invitations and the admin area ------------------------------------------


def test_invitation_signup(page, app_url, app, make_user, row_count, scalar):
    """By invitation: /signup says one is needed; the link says who invited you and signs
    you up with it; used up, the same link explains that it can't be used any more."""
    from family import invite, set_mode

    allow_refusals(page, NO_LOGIN_YET)
    make_user("alice")  # the site's first account: its admin
    set_mode(app, "invitation")
    token = invite(app, note="For Bob")
    allow_refusals(page, (410, f"/api/v1/invitations/{token}"))

    page.goto(app_url + "/signup")
    expect(page.get_by_role("heading", level=1)).to_have_text("You need an invitation")
    expect(page.get_by_label("Username")).to_have_count(0)

    page.goto(app_url + f"/invite/{token}")
    expect(page.get_by_role("status")).to_contain_text("alice invited you to Flaskgram")
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Email").fill("bob@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(feed_address(app_url))
    expect(account_menu(page, "bob")).to_be_visible()
    assert row_count(User) == 2
    assert scalar(sa.select(Invitation.uses)) == 1
    screenshot(page, "app-invited-signup")

    account_menu(page, "bob").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(app_url + "/login")
    page.goto(app_url + f"/invite/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This invitation can't be used any more"
    )


def test_admin_people(page, app_url, app, make_user, row_count, scalar):
    """An admin finds the admin area in the account menu, approves a waiting account, is told
    at the row that the last admin stays, and disables and deletes an account (each confirmed)."""
    from family import set_status

    make_user("alice")  # the site's first account: its admin
    make_user("bob")
    make_user("carol")
    set_status(app, "carol", "pending")
    allow_refusals(page, (409, "/api/v1/admin/people/alice/admin"))
    log_in_quietly(page, app_url)

    account_menu(page).click()
    page.get_by_role("link", name="Admin").click()
    expect(page).to_have_url(app_url + "/admin")
    expect(page.get_by_text("Running Flaskgram for your family or a club?")).to_be_visible()
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="People").click()
    expect(page).to_have_url(app_url + "/admin/people")
    people = page.get_by_role("list", name="People")
    row = people.get_by_role("listitem")
    carol = row.filter(has_text="carol@example.com")
    expect(carol).to_contain_text("Waiting for approval")

    carol.get_by_role("button", name="Approve carol").click()
    expect(carol).to_contain_text("Active")
    assert scalar(sa.select(User.status).where(User.username == "carol")) == "active"

    alice = row.filter(has_text="alice@example.com")
    alice.get_by_role("button", name="Remove admin alice").click()
    expect(alice.get_by_role("alert")).to_contain_text("last admin")
    assert scalar(sa.select(User.is_admin).where(User.username == "alice"))

    bob = row.filter(has_text="bob@example.com")
    bob.get_by_role("button", name="Disable bob").click()
    bob.get_by_role("button", name="Disable account").click()
    expect(bob).to_contain_text("Disabled")
    assert scalar(sa.select(User.status).where(User.username == "bob")) == "disabled"
    screenshot(page, "app-admin-people")

    bob.get_by_role("button", name="Delete bob").click()
    bob.get_by_role("button", name="Delete account").click()
    expect(row.filter(has_text="bob@example.com")).to_have_count(0)
    assert row_count(User) == 2

    page.get_by_role("searchbox", name="Search people").fill("car")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(app_url + "/admin/people?q=car")
    expect(row).to_have_count(1)


def test_admin_area_is_not_there_for_others(page, app_url, make_user):
    """Someone who isn't an admin has no Admin in their menu and finds no page at /admin."""
    make_user("alice")  # the admin
    make_user("bob")
    log_in_quietly(page, app_url, "bob")
    account_menu(page, "bob").click()
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    page.goto(app_url + "/admin/people")
    expect(page.get_by_role("heading", name="This page isn't here")).to_be_visible()


# --- Accessibility, focus, deep links -------------------------------------------------------

SCREENS = {
    "feed": "/",
    "following": "/following",
    "post": "/p/{post}",
    "new post": "/posts/new",
    "profile": "/u/bob",
    "followers": "/u/bob/followers",
    "settings": "/settings/profile",
}


def test_main_screens_have_no_axe_violations(page, app_url, people, scalar):
    """axe-core finds nothing wrong on any main screen, logged out or in, phone or laptop."""
    allow_refusals(page, NO_LOGIN_YET)
    post = scalar(sa.select(Post.id).limit(1))
    found = {}
    for name, path in {"login": "/login", "signup": "/signup"}.items():
        page.goto(app_url + path)
        settled(page)
        found[name] = page_problems(page)
    log_in_quietly(page, app_url)
    for name, path in SCREENS.items():
        page.goto(app_url + path.format(post=post))
        settled(page)
        found[name] = page_problems(page)
    account_menu(page).click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    found["settings, account menu open"] = page_problems(page)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_focus_moves_to_main_on_route_change(page, app_url, people):
    """After a move inside the app, by keyboard or by mouse, focus is on the new page's
    main, as after a page load; a first load leaves it where the browser puts it."""
    log_in_quietly(page, app_url)
    main = page.get_by_role("main")
    expect(main).not_to_be_focused()
    following = page.get_by_role("navigation", name="Main").get_by_role("link", name="Following")
    following.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(app_url + "/following")
    expect(main).to_be_focused()
    page.get_by_role("link", name="New post").first.click()
    expect(page.get_by_role("heading", name="New post")).to_be_visible()
    expect(main).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is the page's first control, not the top bar
    expect(page.get_by_label("On this device")).to_be_focused()


def test_deep_link_and_reload(page, app_url, bobs_post):
    """/app/p/<id> opened directly: login first, then back to that post; a reload keeps it."""
    allow_refusals(page, NO_LOGIN_YET)
    page.goto(app_url + f"/p/{bobs_post}")
    expect(page).to_have_url(app_url + f"/login?next=%2Fp%2F{bobs_post}")
    page.get_by_label("Username or email").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(app_url + f"/p/{bobs_post}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post by bob")
    expect(page.locator(".comment")).to_have_count(2)
    page.reload()
    expect(page).to_have_url(app_url + f"/p/{bobs_post}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post by bob")
    expect(page.locator(".caption")).to_contain_text("Evening walk")
    expect(page.locator(".comment")).to_have_count(2)
    assert_drawn(page.get_by_alt_text("Green hills at sunset"))


# --- Screenshots for the README -----------------------------------------------------------


def test_readme_screenshots(page, app_url, showcase):
    """The client's feed on a phone and a post page on a laptop, saved for the README."""
    log_in_quietly(page, app_url, "ada")
    if page.viewport_name == "phone":
        expect(page.locator(".card").first).to_contain_text("Not a filter, just the sky.")
        path = save_for_readme(page, "app-feed-phone")
    else:
        page.goto(app_url + f"/p/{showcase}")
        expect(page.locator(".comment")).to_have_count(3)
        expect(page.locator("p.likes")).to_have_text("3 likes")
        path = save_for_readme(page, "app-post-laptop")
    with Image.open(path) as saved:
        assert saved.size == (
            VIEWPORTS[page.viewport_name]["width"],
            VIEWPORTS[page.viewport_name]["height"],
        )
    assert path.stat().st_size < 200_000
