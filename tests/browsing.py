"""What the browser tests share: Debian's Chromium, a served app, a tab at a phone's or a
laptop's size that fails on any console error, screenshots, axe-core's findings, and the
small site the README's pictures show."""

import io
import os
import random
import shutil
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from werkzeug.serving import make_server

from flaskgram import accounts, comments, demo, follows, likes, media, posts
from flaskgram.extensions import db
from flaskgram.models import Comment, Post, utcnow

CHROMIUM = os.environ.get("FLASKGRAM_CHROMIUM", "/usr/bin/chromium")
# CI must prove the browser tests ran: there a missing Chromium fails instead of skipping.
REQUIRE_BROWSER = os.environ.get("FLASKGRAM_REQUIRE_BROWSER") == "1"
# Chromium's own network chatter would only hit this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"  # committed, shown in README.md
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium is required but missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for as long as the test runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    """A fresh browser tab at a phone's or a laptop's size, failing on any console error."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    # (status, path) of the refusals a test provokes on purpose (see allow_refusals).
    page.allowed_refusals = set()
    errors = []

    def console(message):
        # A 4xx page is a normal answer to bad input; broken subresources are caught below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(answer):
        if answer.request.resource_type == "document" or answer.status < 400:
            return
        if (answer.status, urlsplit(answer.url).path) not in page.allowed_refusals:
            errors.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def allow_refusals(page, *refusals: tuple[int, str]) -> None:
    """Let these API answers, (status, path), fail without failing the test.

    A script's call answered 4xx is normally a bug; for the React client some are the
    answer a test asks for: a wrong password (401), a refused comment (400), or the
    refresh cookie tried at start when nobody is logged in (401).
    """
    page.allowed_refusals.update(refusals)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{page.viewport_name}.png", full_page=True)


AXE = Axe()  # axe-core ships inside the package: nothing is downloaded


def page_problems(page) -> list[str]:
    """What axe-core finds wrong with the page (one line per rule), and any h1 or
    meta description missing."""
    found = AXE.run(page).response["violations"]
    problems = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in found]
    if (headings := page.locator("h1").count()) != 1:
        problems.append(f"{headings} h1 elements")
    if not page.locator('meta[name="description"]').get_attribute("content").strip():
        problems.append("an empty meta description")
    return problems


def save_for_readme(page, name: str) -> Path:
    """Save what the screen shows as a small 256-colour PNG in docs/screenshots/."""
    page.wait_for_function(  # every picture on screen has arrived and been decoded
        """() => [...document.images]
            .filter(image => image.getBoundingClientRect().top < innerHeight)
            .every(image => image.complete && image.naturalWidth > 0)"""
    )
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = README_SCREENSHOTS / f"{name}.png"
    shot.quantize(colors=256).save(path, optimize=True)
    return path


# --- A small lived-in site for the README's pictures (the HTML site's and the client's) ---

# Who appears in the README's pictures: username, display name, and their posts' captions.
SHOWCASE = {
    "ada": ("Ada Park", ["Golden hour never misses.", "Morning light on the lake."]),
    "bruno": ("Bruno Martins", ["Found this little spot by the river."]),
    "chen": ("Chen Li", ["Not a filter, just the sky."]),
}


@pytest.fixture
def showcase(app):
    """A small lived-in site with drawn avatars and photos, its times fixed so that the
    same pictures come out on every run. Returns the id of the post with comments."""
    rng = random.Random(14)
    with app.app_context():
        people = {}
        for username, (name, _) in SHOWCASE.items():
            people[username] = accounts.create_user(
                username, f"{username}@example.com", "correct horse battery"
            )
            square = demo.sky_photo(rng, (400, 400))
            with media.saved_upload(demo.as_upload(square), square=True) as avatar:
                accounts.update_profile(people[username], display_name=name, bio="", avatar=avatar)
        made = []
        for username, (_, captions) in SHOWCASE.items():
            for caption in captions:
                shot = demo.sky_photo(rng, rng.choice([(1600, 1200), (1080, 1350)]))
                with media.saved_upload(demo.as_upload(shot)) as image:
                    made.append(
                        posts.create_post(
                            people[username],
                            caption=caption,
                            alt_texts=["A drawn landscape: a sun over layered hills"],
                            images=[image],
                        )
                    )
        star = made[-1]
        for fan in people.values():
            likes.like_post(fan, star)
        comments.add_comment(people["ada"], star, "Those colours!")
        comments.add_comment(people["bruno"], star, "Where is this? Take me there.")
        comments.add_comment(people["chen"], star, "The hills behind the school, last night.")
        follows.follow(people["ada"], people["chen"])
        now = utcnow()
        for hours, post in enumerate(reversed(made), start=2):
            db.session.execute(
                sa.update(Post)
                .where(Post.id == post.id)
                .values(created_at=now - timedelta(hours=hours))
            )
        db.session.execute(sa.update(Comment).values(created_at=now - timedelta(minutes=20)))
        db.session.commit()
        return star.id
