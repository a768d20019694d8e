"""The production server (gunicorn.conf.py) keeps answering while photos decode (case 30)."""

import io
import statistics
import threading
import time
import urllib.error
import urllib.request

import live_server
import pytest
from conftest import all_at_once
from live_server import PRODUCTION_DEFAULTS
from photos import progressive_jpeg_with_scans
from test_workers import Browser
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram import limits
from flaskgram.media import images
from flaskgram.models import Post

UPLOADS_AT_ONCE = 4


@pytest.fixture
def production_server(database_url, tmp_path):
    """Run the app under gunicorn with the repository's gunicorn.conf.py and its defaults."""
    with live_server.gunicorn(database_url, tmp_path, workers=PRODUCTION_DEFAULTS) as (base, _):
        yield base


def post_photo(browser: Browser, data: bytes) -> tuple[int, str]:
    """Post the new-post form with a file, as a browser does (multipart)."""
    boundary, body = encode_multipart(
        {
            "csrf_token": browser.token,
            "caption": "Slow one",
            "image": FileStorage(io.BytesIO(data), "slow.jpg", content_type="image/jpeg"),
        }
    )
    request = urllib.request.Request(  # noqa: S310 (loopback)
        browser.base + "/posts/new",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with browser.opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_healthz_keeps_answering_during_four_worst_case_uploads(
    production_server, make_user, row_count
):
    """Case 30: four uploads that each need minutes of CPU run at once, under gunicorn's
    threaded workers; /healthz answers all along, and each upload gets a 400."""
    browsers = []
    for n in range(UPLOADS_AT_ONCE):
        make_user(f"user{n}")
        browser = Browser(production_server)
        browser.log_in(f"user{n}")
        browsers.append(browser)
    # Under the scan limit: each is decoded until the CPU limit stops it (about 3-3.5 s of
    # CPU here) or, on a faster machine, stored just within it. Either way the budget holds.
    side = int(limits.UPLOAD_MAX_PIXELS**0.5)
    bomb = progressive_jpeg_with_scans(side, side, limits.JPEG_MAX_SCANS)

    uploads_done = threading.Event()
    checks: list[tuple[float, float, int]] = []  # (started, seconds, status)

    def check_health():
        while not uploads_done.is_set():
            started = time.monotonic()
            with urllib.request.urlopen(production_server + "/healthz", timeout=30) as answer:  # noqa: S310
                checks.append((started, time.monotonic() - started, answer.status))
            uploads_done.wait(0.05)  # a pace for the checks; nothing waits on it

    checker = threading.Thread(target=check_health)
    checker.start()
    started = time.monotonic()
    try:
        results = all_at_once([lambda b=b: post_photo(b, bomb) for b in browsers])
    finally:
        uploads_done.set()
        checker.join()
    elapsed = time.monotonic() - started

    statuses = [status for status, _ in results]
    assert set(statuses) <= {302, 400}, results
    assert all(images.TOO_MUCH_WORK in page for status, page in results if status == 400)
    assert row_count(Post) == statuses.count(302)
    during = [seconds for at, seconds, _ in checks if at < started + elapsed]
    assert [status for *_, status in checks] == [200] * len(checks)
    assert len(during) >= 10  # it answered all along, not just before and after
    print(  # the numbers for the report: run with -s
        f"\n{UPLOADS_AT_ONCE} uploads in {elapsed:.1f} s; /healthz answered {len(during)} "
        f"times meanwhile: median {statistics.median(during) * 1000:.0f} ms, "
        f"max {max(during) * 1000:.0f} ms"
    )
