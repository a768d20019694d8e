"""The production server (gunicorn.conf.py) keeps answering while photos decode (case 30)."""

import io
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import TEST_CONFIG, all_at_once
from photos import progressive_jpeg_with_scans
from test_workers import Browser, free_port
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram import limits
from flaskgram.media import images
from flaskgram.models import Post

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30
UPLOADS_AT_ONCE = 4


@pytest.fixture
def production_server(database_url, tmp_path):
    """Run the app under gunicorn with the repository's gunicorn.conf.py and its defaults."""
    port = free_port()
    env = {
        **os.environ,
        "FLASKGRAM_DATABASE_URL": database_url,
        "FLASKGRAM_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "FLASKGRAM_HTTPS": "false",
        "FLASKGRAM_PASSWORD_HASH_METHOD": TEST_CONFIG["PASSWORD_HASH_METHOD"],
        "FLASKGRAM_MEDIA_ROOT": str(tmp_path / "media"),
    }
    for variable in ("FLASKGRAM_WORKERS", "FLASKGRAM_THREADS"):
        env.pop(variable, None)
    server = subprocess.Popen(  # noqa: S603 (our own server, on loopback)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:  # wait until it answers: readiness, not a timing assumption
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()  # noqa: S310
                break
            except OSError:  # refused, reset or timed out: not ready yet
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read()}")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors


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
    # Under the scan limit, so each one is decoded until the CPU limit stops it.
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

    assert [status for status, _ in results] == [400] * UPLOADS_AT_ONCE, results
    assert all(images.TOO_MUCH_WORK in page for _, page in results)
    assert row_count(Post) == 0
    during = [seconds for at, seconds, _ in checks if at < started + elapsed]
    assert [status for *_, status in checks] == [200] * len(checks)
    assert len(during) >= 10  # it answered all along, not just before and after
    print(  # the numbers for the report: run with -s
        f"\n{UPLOADS_AT_ONCE} uploads in {elapsed:.1f} s; /healthz answered {len(during)} "
        f"times meanwhile: median {statistics.median(during) * 1000:.0f} ms, "
        f"max {max(during) * 1000:.0f} ms"
    )
