"""Small files that decode slowly or hugely: refused, or processed within the decoding
budget of a child process (SECURITY.md case 30), never a worker's time or memory."""

import signal
import time

import pytest
from photos import (
    gif_bomb,
    heic_bomb,
    jpeg,
    latest_post,
    media_files,
    png_bomb,
    progressive_jpeg_with_scans,
    upload,
    webp_bomb,
)

from flaskgram import limits, media
from flaskgram.media import budget, images
from flaskgram.models import Post

# The largest square under each limit, and the smallest over it.
SIDE = int(limits.UPLOAD_MAX_PIXELS**0.5)  # 7071: 49,999,041 pixels
WEBP_SIDE = int(limits.UPLOAD_MAX_WEBP_PIXELS**0.5)  # 5000
OVER = (SIDE + 1, SIDE + 1)

# Just under the limits: each must be decoded within the budget. (name, bytes-maker)
WORST_ACCEPTED = {
    "png-rgba": lambda: png_bomb(SIDE, SIDE),  # 190 KB, 200 MB of pixels
    "gif-screen": lambda: gif_bomb(SIDE, SIDE),  # 43 bytes, one transparent pixel
    "webp-lossless": lambda: webp_bomb(WEBP_SIDE, WEBP_SIDE),  # 28 bytes
    "heic-grid": lambda: heic_bomb(SIDE, SIDE),  # 33 KB, 784 tiles of one picture
    "jpeg-30-scans": lambda: progressive_jpeg_with_scans(SIDE, SIDE, 30),  # 3 KB
}

# Over a limit: each is refused with a 400 and a message that says why.
REFUSED = {
    "jpeg-thousands-of-scans": (
        lambda: progressive_jpeg_with_scans(SIDE, SIDE, 5000),
        images.TOO_MUCH_WORK,
    ),
    # Under the scan limit, but 100 passes over 50 megapixels: about 3-3.5 s of CPU here,
    # so the test holds the child to 1 s (a fast CPU may finish within the real 3 s, which
    # is the budget doing its job: the promise is the budget, not this file's refusal).
    "jpeg-100-scans": (
        lambda: progressive_jpeg_with_scans(SIDE, SIDE, limits.JPEG_MAX_SCANS),
        images.TOO_MUCH_WORK,
    ),
    "webp-over-its-limit": (lambda: webp_bomb(WEBP_SIDE + 1, WEBP_SIDE), "max 25 megapixels"),
    "webp-over": (lambda: webp_bomb(*OVER), "too many pixels"),
    "png-over": (lambda: png_bomb(*OVER), "too many pixels"),
    "gif-over": (lambda: gif_bomb(*OVER), "too many pixels"),
    "heic-over": (lambda: heic_bomb(*OVER), "too many pixels"),
}


@pytest.fixture(scope="module", autouse=True)
def forkserver():
    """Start the forkserver once, so that no test's timing includes it."""
    media.start_forkserver()


@pytest.fixture
def patient(monkeypatch):
    """Wait for the child longer than production does. The child runs at a lower priority
    than everything else, so on a busy test machine a second of CPU can take many seconds
    of wall time; these tests are about what the decoding costs, not about waiting."""
    monkeypatch.setattr(limits, "DECODE_WALL_SECONDS", 120)


@pytest.mark.parametrize("name", WORST_ACCEPTED)
def test_worst_files_under_the_limits_decode_within_the_budget(patient, name):
    """Case 30: the costliest files we can build under the pixel limits fit the budget."""
    data = WORST_ACCEPTED[name]()
    assert len(data) < 200_000

    run = budget.run_in_child(data)

    assert run.answer[0] == "prepared", run
    prepared = run.prepared()
    assert (prepared.width, prepared.height) == (1080, 1080)
    assert run.cpu_seconds < limits.DECODE_CPU_SECONDS
    assert run.peak_memory_bytes < limits.DECODE_MEMORY_BYTES
    assert run.peak_memory_bytes > 100 * 2**20  # it really was a big picture


def test_child_over_its_cpu_limit_is_stopped_by_the_kernel(patient, monkeypatch):
    """Case 30: a JPEG that needs more CPU than the budget is killed at DECODE_CPU_SECONDS.

    The 100-scan 50 MP JPEG takes about 3-3.5 s here, right at the real 3 s limit (a fast
    machine may finish it within budget), so the test holds the child to 1 s.
    """
    monkeypatch.setattr(limits, "DECODE_CPU_SECONDS", 1)
    data = progressive_jpeg_with_scans(SIDE, SIDE, limits.JPEG_MAX_SCANS)
    assert not images.too_many_scans(data)  # the cheap check lets it through

    run = budget.run_in_child(data)

    assert run.answer is None
    assert run.exitcode == -signal.SIGXCPU
    assert run.over_budget
    with pytest.raises(images.ImageRejected, match="too much work"):
        run.prepared()


def test_child_over_its_memory_limit_is_refused(patient, monkeypatch):
    """Case 30: with a smaller memory budget, the same 200 MB PNG is refused, not decoded."""
    monkeypatch.setattr(limits, "DECODE_MEMORY_BYTES", 150 * 2**20)
    run = budget.run_in_child(png_bomb(SIDE, SIDE))
    assert run.answer == ("rejected", images.TOO_MUCH_WORK, 400)  # a MemoryError, caught


def test_child_past_the_wall_clock_limit_is_killed(monkeypatch):
    """A child still busy at DECODE_WALL_SECONDS is killed, whatever its CPU time."""
    monkeypatch.setattr(limits, "DECODE_WALL_SECONDS", 0.2)
    monkeypatch.setattr(limits, "DECODE_CPU_SECONDS", 60)
    started = time.monotonic()
    run = budget.run_in_child(progressive_jpeg_with_scans(SIDE, SIDE, limits.JPEG_MAX_SCANS))
    assert run.exitcode == -signal.SIGKILL
    assert run.over_budget
    assert time.monotonic() - started < 5  # the decode alone would take over 3 s


def test_scan_count_walks_segments_not_bytes():
    """Scan headers are counted as markers: bytes that look like one in EXIF do not count."""
    one_scan = jpeg(64, 48)
    assert not images.too_many_scans(one_scan)
    assert not images.too_many_scans(progressive_jpeg_with_scans(64, 48, limits.JPEG_MAX_SCANS))
    assert images.too_many_scans(progressive_jpeg_with_scans(64, 48, limits.JPEG_MAX_SCANS + 1))
    comment = b"\xff\xfe" + (2 + 4000).to_bytes(2, "big") + b"\xff\xda" * 2000
    assert not images.too_many_scans(one_scan[:2] + comment + one_scan[2:])
    # libjpeg passes over stray bytes and markers without a length: so does the count.
    many = progressive_jpeg_with_scans(64, 48, limits.JPEG_MAX_SCANS + 1)
    at = many.index(b"\xff\xc4")
    assert images.too_many_scans(many[:at] + b"\x00\x12\xff\x01\xff\xd0" + many[at:])


@pytest.mark.parametrize("name", REFUSED)
def test_refused_bomb_is_a_400_with_caption_kept_and_nothing_stored(
    logged_in, client, app, row_count, name, monkeypatch
):
    """Case 30: refused with a clear message at the photo field; no row, no file."""
    make, message = REFUSED[name]
    if name == "jpeg-100-scans":
        monkeypatch.setattr(limits, "DECODE_CPU_SECONDS", 1)
    response = client.post_form(
        "/posts/new", {"image": upload(make(), "bomb.jpg"), "caption": "Look at this"}
    )

    assert response.status_code == 400
    assert message in response.text
    assert "Look at this" in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


@pytest.mark.parametrize("name", ["heic-grid", "gif-screen"])
def test_worst_accepted_file_becomes_a_post(patient, logged_in, client, app, name):
    """A bomb under the limits is just a (dull) 50-megapixel photo: it is posted."""
    response = client.post_form(
        "/posts/new", {"image": upload(WORST_ACCEPTED[name]()), "caption": "Plain"}
    )
    assert response.status_code == 302
    [photo] = latest_post(app).images
    assert (photo.width, photo.height) == (1080, 1080)
    assert len(media_files(app)) == 3  # and its original, full size
