"""Whole journeys in a real browser (Debian's Chromium): sign up, post, like, comment, log out."""

import io
import random
import re
import unicodedata
from datetime import timedelta

import pytest
import sqlalchemy as sa
from browsing import VIEWPORTS, page_problems, save_for_readme, screenshot
from PIL import Image
from playwright.sync_api import expect

from flaskgram import comments, demo, follows, likes, media, posts, saves
from flaskgram.extensions import db
from flaskgram.models import Comment, Like, Post, PostImage, User, utcnow

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
    page.get_by_label("Choose photos (up to 10)").set_input_files(
        {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.get_by_label("Caption").fill("Blue skies 🌤️\nsecond line")
    chosen = page.locator("[data-photo-row]:not([hidden])")
    expect(chosen).to_have_count(1)
    chosen.get_by_label("Alt text").fill("A plain blue sky")
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
    page.get_by_label("File", exact=True).first.set_input_files(
        {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
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


# --- Several photos: the carousel and choosing photos ---------------------------------------


def slide_in_view(page) -> int:
    """The number (from 1) of the photo that fills the carousel now."""
    return page.evaluate(
        """() => {
            const track = document.querySelector("[data-carousel-track]");
            const slides = [...track.children];
            const left = track.getBoundingClientRect().left;
            return 1 + slides.findIndex(
                slide => Math.abs(slide.getBoundingClientRect().left - left) < 2);
        }"""
    )


def current_dot(page) -> int:
    dots = page.locator("[data-carousel-dot]")
    currents = [
        n for n in range(dots.count()) if dots.nth(n).get_attribute("aria-current") == "true"
    ]
    assert len(currents) == 1, currents
    return currents[0] + 1


def test_carousel_by_buttons_keyboard_and_dots(page, live_server, site):
    """Next and previous slide the row without touching the address; the dots follow; the
    arrow keys scroll the focused row; only the photo in view's links take Tab."""
    log_in(page, live_server)
    page.goto(live_server + f"/p/{site['several']}")
    expect(page.get_by_text("1/3")).to_be_visible()
    assert (slide_in_view(page), current_dot(page)) == (1, 1)

    page.get_by_role("link", name="Next photo").first.click()
    page.wait_for_timeout(800)  # the smooth scroll settles
    assert slide_in_view(page) == 2
    assert page.url.endswith(f"/p/{site['several']}")  # no #fragment: the page did not jump

    track = page.locator("[data-carousel-track]")
    track.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    assert (slide_in_view(page), current_dot(page)) == (3, 3)
    tabbable = page.locator(".carousel-slide a:not([tabindex='-1'])")
    expect(tabbable).to_have_count(1)  # on photo 3: "Previous photo" alone
    expect(tabbable).to_have_accessible_name("Previous photo")

    page.locator("[data-carousel-dot]").first.click()
    page.wait_for_timeout(800)
    assert (slide_in_view(page), current_dot(page)) == (1, 1)
    screenshot(page, "carousel")


def test_carousel_works_without_javascript(browser, live_server, site):
    """Plain anchors: Next shows the next photo; the dots jump to any of them."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    log_in(page, live_server)
    page.goto(live_server + f"/p/{site['several']}")
    page.get_by_role("link", name="Next photo").first.click()
    expect(page).to_have_url(re.compile(rf"#post-{site['several']}-photo-2$"))
    page.wait_for_timeout(300)
    assert slide_in_view(page) == 2
    page.get_by_role("link", name="Photo 3 of 3").click()
    page.wait_for_timeout(300)
    assert slide_in_view(page) == 3
    context.close()


def test_photos_chosen_at_once_are_put_in_order_before_posting(page, live_server, site, app):
    """One "Choose photos" for three files; previews; Move up and Remove; the post keeps
    the order shown, each photo with the alt text typed beside it."""
    log_in(page, live_server)
    page.goto(live_server + "/posts/new")
    files = [
        {"name": f"{colour}.jpg", "mimeType": "image/jpeg", "buffer": coloured_jpeg(width)}
        for colour, width in (("red", 301), ("green", 302), ("blue", 303))
    ]
    page.get_by_label("Choose photos (up to 10)").set_input_files(files)
    rows = page.locator("[data-photo-row]:not([hidden])")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("3 of 10 photos chosen.")).to_be_visible()
    assert rows.first.locator("img.photo-preview").evaluate("img => img.naturalWidth") == 301

    screenshot(page, "new-post-photos")
    rows.nth(2).get_by_role("button", name="Move up").click()  # blue before green
    expect(rows.nth(1).get_by_role("button", name="Move up")).to_be_focused()
    rows.first.get_by_role("button", name="Remove").click()  # no more red
    expect(rows).to_have_count(2)
    rows.nth(0).get_by_label("Alt text").fill("Blue")
    rows.nth(1).get_by_label("Alt text").fill("Green")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Your post is live.")).to_be_visible()

    with app.app_context():
        post = db.session.scalar(sa.select(Post).order_by(Post.id.desc()).limit(1))
        photos = db.session.scalars(
            sa.select(PostImage).where(PostImage.post_id == post.id).order_by(PostImage.position)
        ).all()
        assert [(photo.width, photo.alt_text) for photo in photos] == [
            (303, "Blue"),
            (302, "Green"),
        ]


def coloured_jpeg(width: int) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, 200), (width % 256, 90, 160)).save(output, "JPEG")
    return output.getvalue()


# --- A small site, and moving around it by keyboard ----------------------------------------


def photo_post(
    author: User, alt_text: str, caption: str = "", seed: int = 1, photos: int = 1
) -> Post:
    """Store drawn photos as uploads and post them, the way the new-post form does."""
    rng = random.Random(seed)
    shots = [demo.as_upload(demo.sky_photo(rng, (1200, 900))) for _ in range(photos)]
    with media.saved_uploads(shots, keep_original=True) as images:
        return posts.create_post(
            author, caption=caption, alt_texts=[alt_text] * photos, images=images
        )


@pytest.fixture
def site(app, make_user):
    """alice follows bob; bob has a photo with alt text and one without; alice has one too,
    and a post of three photos.

    Returns the posts' ids: "described" (bob's, liked by alice), "bare" (bob's, no alt
    text), "mine" (alice's, no alt text, commented on by bob and by alice) and "several"
    (alice's three photos, saved by bob).
    """
    alice, bob = make_user("alice"), make_user("bob")
    with app.app_context():
        follows.follow(alice, bob)
        several = photo_post(alice, "", "Three from the hike", seed=4, photos=3)
        saves.save_post(bob, several)
        mine = photo_post(alice, "", "Sunday by the river", seed=3)
        bare = photo_post(bob, "", seed=2)
        described = photo_post(bob, "Sun setting behind green hills", "Evening walk", seed=1)
        likes.like_post(alice, described)
        comments.add_comment(bob, mine, "Lovely light")
        comments.add_comment(alice, mine, "Thank you!")
        return {
            "described": described.id,
            "bare": bare.id,
            "mine": mine.id,
            "several": several.id,
        }


def log_in(page, base: str, username: str = "alice") -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/")


def tab_to(page, target, limit: int = 60) -> None:
    """Press Tab until the target has focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{limit} presses of Tab never reached {target}")


# --- Accessibility: axe-core on every main screen ------------------------------------------

SCREENS = {
    "feed": "/",
    "following": "/following",
    "post": "/p/{post}",
    "post of several photos": "/p/{several}",
    "new post": "/posts/new",
    "saved (empty)": "/saved",
    "profile": "/u/bob",
    "followers": "/u/bob/followers",
    "settings": "/settings/profile",
    "404": "/p/999999",
}


def test_main_screens_have_no_axe_violations(page, live_server, site):
    """axe-core finds nothing wrong on any main screen, logged out or in, phone or laptop."""
    found = {}
    for name, path in {"login": "/login", "signup": "/signup"}.items():
        page.goto(live_server + path)
        found[name] = page_problems(page)
    log_in(page, live_server)
    for name, path in SCREENS.items():
        page.goto(live_server + path.format(post=site["mine"], several=site["several"]))
        found[name] = page_problems(page)
    page.goto(live_server + "/")
    page.locator("details.menu summary").click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    found["feed, account menu open"] = page_problems(page)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_photo_links_are_named_by_alt_text_or_author(page, live_server, site):
    """A photo link reads as its alt text, or "Photo by @name" when it has none."""
    log_in(page, live_server)
    for path in ("/", "/following"):
        page.goto(live_server + path)
        expect(page.get_by_role("link", name="Sun setting behind green hills")).to_be_visible()
        expect(page.get_by_role("link", name="Photo by @bob", exact=True)).to_have_attribute(
            "href", f"/p/{site['bare']}"
        )
        expect(page.get_by_role("link", name="Photo by @alice", exact=True)).to_be_visible()
    page.goto(live_server + "/u/bob")
    expect(page.get_by_role("link", name="Photo by @bob", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Sun setting behind green hills")).to_be_visible()
    page.goto(live_server + f"/p/{site['mine']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post by alice")
    expect(page.get_by_role("img", name="Photo by @alice")).to_be_visible()


# --- Keyboard and small touches ------------------------------------------------------------


def test_like_by_keyboard_keeps_focus_on_the_button(page, live_server, site, row_count):
    """Enter likes and Space unlikes without a reload; focus stays on the like button."""
    log_in(page, live_server)
    page.evaluate("window.notReloaded = true")
    card = page.locator(f"#post-{site['bare']}")
    like = card.get_by_role("button", name="Like")
    tab_to(page, like)
    page.keyboard.press("Enter")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(card.locator("p.likes")).to_have_text("1 like")
    expect(like).to_be_focused()
    assert row_count(Like, Like.post_id == site["bare"]) == 1
    page.keyboard.press("Space")
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(card.locator("p.likes")).to_have_text("0 likes")
    expect(like).to_be_focused()
    assert row_count(Like, Like.post_id == site["bare"]) == 0
    assert page.evaluate("window.notReloaded") is True


def test_enter_posts_a_comment_and_shift_enter_starts_a_line(page, live_server, site, scalar):
    """In the comment box, Shift+Enter makes a new line and Enter posts the comment."""
    log_in(page, live_server)
    page.goto(live_server + f"/p/{site['described']}")
    box = page.get_by_label("Add a comment")
    tab_to(page, box)
    page.keyboard.type("Those colours")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("are unreal")
    expect(box).to_have_value("Those colours\nare unreal")
    assert scalar(sa.select(sa.func.count()).select_from(Comment)) == 2  # nothing posted yet
    page.keyboard.press("Enter")
    comment = page.locator(".comment", has_text="Those colours")
    expect(comment).to_contain_text("Those colours\nare unreal", use_inner_text=True)
    body = sa.select(Comment.body).where(Comment.post_id == site["described"])
    assert scalar(body) == "Those colours\nare unreal"


def test_account_menu_closes_with_escape_or_a_click_outside(page, live_server, site):
    """The account menu opens by keyboard; Escape and a click outside close it and give
    focus back to its button; tabbing out of it closes it too."""
    log_in(page, live_server)
    menu = page.locator("details.menu")
    button = menu.locator("summary")
    profile = page.get_by_role("link", name="Profile", exact=True)
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(profile).to_be_visible()
    page.keyboard.press("Tab")
    expect(profile).to_be_focused()
    page.keyboard.press("Escape")
    expect(profile).to_be_hidden()
    expect(button).to_be_focused()

    page.keyboard.press("Enter")
    expect(profile).to_be_visible()
    page.locator("p.likes").first.click()  # plain text, outside the menu
    expect(profile).to_be_hidden()
    expect(button).to_be_focused()

    page.keyboard.press("Space")
    expect(profile).to_be_visible()
    # Profile, Saved, Settings, Admin (alice is the site's first account), Log out, and out.
    for _ in range(6):
        page.keyboard.press("Tab")
    expect(profile).to_be_hidden()
    expect(button).not_to_be_focused()


def test_comment_and_menu_work_without_javascript(browser, live_server, site, scalar):
    """Without the script, Enter in the comment box is a new line and Post posts; the
    account menu still opens and its links work."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(live_server + f"/p/{site['described']}")
    box = page.get_by_label("Add a comment")
    box.fill("Two")
    box.press("Enter")
    box.press_sequentially("lines")
    expect(box).to_have_value("Two\nlines")
    page.get_by_role("button", name="Post", exact=True).click()
    body = sa.select(Comment.body).where(Comment.post_id == site["described"])
    expect(page.locator(".comment", has_text="Two")).to_be_visible()
    assert scalar(body) == "Two\nlines"
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit profile")
    context.close()


def relative_luminance(rgb: tuple[int, ...]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two CSS colours given as rgb(...) strings."""
    lighter, darker = sorted(
        (relative_luminance(tuple(map(int, re.findall(r"\d+", c)))) for c in (one, other)),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


# The focused element's ring (its outline, or a photo link's inner frame) and the colour
# right beside it: the first solid background behind the element, or the frame's lining.
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  if (style.outlineStyle !== "none") {
    let behind = element.parentElement;
    while (getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
      behind = behind.parentElement;
    }
    return {element: element.outerHTML.slice(0, 80), width: parseFloat(style.outlineWidth),
            ring: style.outlineColor, beside: getComputedStyle(behind).backgroundColor};
  }
  const frame = getComputedStyle(element, "::after");
  return {element: element.outerHTML.slice(0, 80), width: parseFloat(frame.borderTopWidth),
          ring: frame.borderTopColor, beside: frame.boxShadow.match(/rgb\\([^)]*\\)/)?.[0]};
}"""


@pytest.mark.parametrize(
    "path, one_stop",
    [
        ("/", '<a class="card-image photo-link"'),
        ("/p/{mine}", "<textarea"),
        ("/u/bob", '<a class="photo-link"'),
    ],
)
def test_focus_ring_has_three_to_one_contrast(page, live_server, site, path, one_stop):
    """Every stop of the Tab key, from the top of the page to its end, shows a ring at
    least 2 px wide with 3:1 contrast against what is beside it (WCAG 1.4.11)."""
    log_in(page, live_server)
    page.goto(live_server + path.format(**site))
    rings = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop
        rings.append(page.evaluate(FOCUS_RING))
    assert any(ring["element"].startswith(one_stop) for ring in rings)
    weak = [r for r in rings if r["width"] < 2 or contrast(r["ring"], r["beside"]) < 3]
    assert weak == []


def test_icons_are_drawn_and_labelled_without_emoji(page, live_server, site):
    """Icons are inline SVG with a name for screen readers; no text on the page, CSS
    content included, needs an emoji or symbol font."""
    log_in(page, live_server)
    for path in ("/", f"/p/{site['mine']}", "/u/bob"):
        page.goto(live_server + path)
        text = page.evaluate("""() => document.body.innerText + [...document.querySelectorAll("*")]
            .flatMap(e => [getComputedStyle(e, "::before").content,
                           getComputedStyle(e, "::after").content]).join("")""")
        assert [c for c in text if unicodedata.category(c) == "So"] == []
    page.goto(live_server + "/")
    card = page.locator(f"#post-{site['described']}")
    for control in (
        card.get_by_role("button", name="Like"),
        card.get_by_role("link", name="Comment", exact=True),
        page.get_by_role("link", name="New post"),
    ):
        icon = control.locator("svg")
        expect(icon).to_be_visible()
        assert icon.bounding_box()["width"] >= 16


def test_each_feed_has_one_name_and_following_is_in_the_top_bar(page, live_server, site):
    """The top bar and the feed tabs call each feed the same; on a phone too, the top bar
    reaches the Following feed, by keyboard."""
    log_in(page, live_server)
    top_bar = page.get_by_role("navigation", name="Main")
    tabs = page.get_by_role("navigation", name="Feeds")
    for name, path in (("Feed", "/"), ("Following", "/following")):
        expect(top_bar.get_by_role("link", name=name, exact=True)).to_have_attribute("href", path)
        expect(tabs.get_by_role("link", name=name, exact=True)).to_have_attribute("href", path)
    page.goto(live_server + "/u/bob")  # a page without the feed tabs
    following = top_bar.get_by_role("link", name="Following", exact=True)
    expect(following).to_be_visible()
    tab_to(page, following)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/following")
    expect(page.get_by_role("heading", level=1)).to_have_text("Following")
    for nav in (top_bar, tabs):
        expect(nav.get_by_role("link", name="Following", exact=True)).to_have_attribute(
            "aria-current", "page"
        )


def test_narrowest_phone_scrolls_no_page_sideways(browser, live_server, site):
    """On a 320 px phone every main screen fits its width, the top bar's links included."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in(page, live_server)
    for path in SCREENS.values():
        page.goto(live_server + path.format(post=site["mine"], several=site["several"]))
        assert page.evaluate("document.documentElement.scrollWidth") == 320, path
        expect(page.locator("details.menu summary")).to_be_in_viewport(ratio=1)
    context.close()


def test_comments_show_their_time_and_delete_on_their_line(page, live_server, site, app):
    """Each comment shows when it was written in a <time datetime>, and its Delete button
    sits on the comment's own line."""
    with app.app_context():
        written = utcnow() - timedelta(minutes=5)
        db.session.execute(sa.update(Comment).values(created_at=written))
        db.session.commit()
    log_in(page, live_server)
    page.goto(live_server + f"/p/{site['mine']}")
    comment = page.locator(".comment", has_text="Lovely light")
    time = comment.locator("time")
    expect(time).to_have_attribute("datetime", written.isoformat())
    expect(time.locator('[aria-hidden="true"]')).to_have_text("5m")  # what the eye sees
    expect(time.locator(".visually-hidden")).to_have_text("5 minutes ago")  # what is heard
    author = comment.get_by_role("link", name="bob").bounding_box()
    delete = comment.get_by_role("button", name="Delete comment by bob").bounding_box()
    middle = delete["y"] + delete["height"] / 2
    assert author["y"] < middle < author["y"] + author["height"]


# --- Screenshots for the README --------------------------------------------------------------
# The site they show is `showcase` (browsing.py): the React client's pictures show it too.


def test_readme_screenshots(page, live_server, showcase):
    """The feed on a phone and a post page on a laptop, saved for the README."""
    log_in(page, live_server, "ada")
    if page.viewport_name == "phone":
        expect(page.locator(".card").first).to_contain_text("Not a filter, just the sky.")
        path = save_for_readme(page, "feed-phone")
    else:
        page.goto(live_server + f"/p/{showcase}")
        expect(page.locator(".comment")).to_have_count(3)
        expect(page.locator("p.likes")).to_have_text("3 likes")
        path = save_for_readme(page, "post-laptop")
    with Image.open(path) as saved:
        assert saved.size == (
            VIEWPORTS[page.viewport_name]["width"],
            VIEWPORTS[page.viewport_name]["height"],
        )
    assert path.stat().st_size < 200_000
