"""What the browser tests share: Debian's Chromium, a served app, a tab at a phone's or a
laptop's size that fails on any console error, screenshots, and axe-core's findings."""

import io
import os
import shutil
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from werkzeug.serving import make_server

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
    errors = []

    def console(message):
        # A 4xx page is a normal answer to bad input; broken subresources are caught below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(answer):
        if answer.request.resource_type != "document" and answer.status >= 400:
            errors.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


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
