"""Photo uploads through /posts/new, served back by /media/<name>, shown in <img> tags."""

import errno
import re
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from photos import (
    close_to,
    database_refuses,
    encoded,
    jpeg,
    latest_photo,
    latest_post,
    media_files,
    opened,
    png_claiming,
    post_large_form,
    sideways_jpeg_with_gps,
    upload,
)
from PIL import ExifTags, Image

from flaskgram import limits
from flaskgram.extensions import db
from flaskgram.media import budget, images
from flaskgram.models import Post, PostImage, User

STORED_NAME = re.compile(r"[A-Za-z0-9_-]{24}\.jpg")


def new_post(client, data, **fields):
    return client.post_form("/posts/new", {"image": upload(data, **fields), "caption": "Hello"})


def stored_files(client, name: str) -> list[Image.Image]:
    """Fetch the display rendition and its thumbnail over HTTP and open them."""
    thumb = name.removesuffix(".jpg") + "_640.jpg"
    responses = [client.get(f"/media/{n}", buffered=True) for n in (name, thumb)]
    assert [r.status_code for r in responses] == [200, 200]
    return [(r.data, opened(r.data)) for r in responses]


@pytest.mark.parametrize(
    ("image", "filename", "content_type"),
    [
        (Image.new("RGB", (300, 200), "teal"), "p.png", "image/png"),
        (Image.new("RGBA", (300, 200), (0, 128, 128, 128)), "p.png", "image/png"),
        (Image.new("RGB", (300, 200), "teal"), "p.webp", "image/webp"),
        (Image.new("P", (300, 200)), "p.gif", "image/gif"),
        # Judged by content: a PNG named and labelled as something else is still a PNG.
        (Image.new("RGB", (300, 200), "teal"), "notes.txt", "text/plain"),
    ],
)
def test_each_allowed_format_becomes_a_jpeg_post(
    logged_in, client, app, image, filename, content_type
):
    """Upload a PNG, WebP or GIF and get a post whose renditions are JPEGs."""
    format = {"p.gif": "GIF", "p.webp": "WEBP"}.get(filename, "PNG")
    response = new_post(
        client, encoded(image, format), filename=filename, content_type=content_type
    )
    post = latest_post(app)
    [photo] = post.images
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{post.id}"
    assert (photo.width, photo.height, photo.remote_url) == (300, 200, None)
    for _data, stored in stored_files(client, photo.image_name):
        assert stored.format == "JPEG"
        assert stored.size == (300, 200)


def test_sideways_jpeg_with_gps_is_stored_upright_without_metadata(logged_in, client, app):
    """Case 32: Turn a phone photo upright, drop its EXIF and GPS, keep its colour profile."""
    original = sideways_jpeg_with_gps()
    assert opened(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input has GPS

    assert new_post(client, original).status_code == 302

    photo = latest_photo(app)
    assert (photo.width, photo.height) == (400, 600)
    for data, stored in stored_files(client, photo.image_name):
        assert stored.height > stored.width
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert b"Exif\x00\x00" not in data
        assert b"PhoneCo" not in data
        assert stored.info["icc_profile"] == opened(original).info["icc_profile"]
        # The stored left half (red) is the top once turned clockwise.
        rgb = stored.convert("RGB")
        assert close_to(rgb.getpixel((stored.width // 2, 5)), (255, 0, 0), tolerance=16)
        assert close_to(
            rgb.getpixel((stored.width // 2, stored.height - 5)), (0, 0, 255), tolerance=16
        )


def test_large_photo_gets_display_size_and_640px_thumbnail(logged_in, client, app):
    """Shrink a 3000x2000 photo to 1080 wide, with a 640 px thumbnail."""
    assert new_post(client, jpeg(3000, 2000)).status_code == 302

    photo = latest_photo(app)
    assert (photo.width, photo.height) == (1080, 720)
    display, thumb = stored_files(client, photo.image_name)
    assert display[1].size == (1080, 720)
    assert thumb[1].size == (640, 427)


# 400 megapixels trips Pillow's own bomb check too; the others only the app's 50 MP limit.
@pytest.mark.parametrize("size", [(20_000, 20_000), (8_000, 8_000), (10_000, 5_001)])
def test_pixel_bomb_is_refused_before_decoding_with_caption_kept(
    logged_in, client, app, row_count, size
):
    """Refuse a tiny PNG claiming too many pixels at once, re-showing the caption (case 30)."""
    response = client.post_form(
        "/posts/new",
        {
            "image": upload(png_claiming(*size), "big.png", "image/png"),
            "caption": "My holiday <3",
        },
    )

    assert response.status_code == 400
    assert "too many pixels" in response.text
    assert "My holiday &lt;3" in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []
    # Refused before decoding: the decoding child's own CPU time and memory show it (a
    # wall-clock time would also count waiting for a busy machine's CPU).
    run = budget.run_in_child(png_claiming(*size))
    assert run.answer[:2] == ("rejected", images.TOO_MANY_PIXELS)
    assert run.cpu_seconds < 0.25  # decoding even 64 megapixels takes seconds
    assert run.peak_memory_bytes < 150 * 2**20  # the child alone takes about 70 MB


def test_truncated_jpeg_is_refused(logged_in, client, app, row_count):
    """Case 31: Refuse a JPEG cut off halfway with 400, not 500."""
    whole = encoded(Image.effect_noise((600, 400), 64).convert("RGB"), "JPEG")
    response = new_post(client, whole[: len(whole) // 2])

    assert response.status_code == 400
    assert "damaged or incomplete" in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "Unsupported image type"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "Unsupported"),
        (b"#!/usr/bin/env python3\nimport os\nos.system('id')\n", "Unsupported image type"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Unsupported image type"),
        (b"\xff\xd8\xff\xe0 only the first bytes of a JPEG", "damaged or incomplete"),
    ],
    ids=["html", "svg", "script", "pdf", "jpeg-magic-only"],
)
def test_non_image_named_jpg_is_refused(logged_in, client, app, row_count, data, message):
    """Case 29: Refuse anything that is not a JPEG, PNG, WebP or GIF inside, whatever its name."""
    response = new_post(client, data, filename="cat.jpg", content_type="image/jpeg")

    assert response.status_code == 400
    assert message in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


def test_body_over_the_request_limit_gets_a_friendly_413(logged_in, client, app, row_count):
    """Case 28: Answer a body over the new-post body limit with a friendly page; store nothing."""
    app.config["NEW_POST_MAX_CONTENT_LENGTH"] = 50_000
    response = new_post(client, jpeg(1000, 1000, "white") + b"\0" * 60_000)

    assert response.status_code == 413
    assert "too large" in response.text
    assert "Traceback" not in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


def test_body_over_the_request_limit_keeps_the_caption(logged_in, client, app):
    """Keep what was typed when the body is too large."""
    app.config["NEW_POST_MAX_CONTENT_LENGTH"] = 50_000
    response = client.post_form(
        "/posts/new",
        {
            "image": upload(b"\xff\xd8" + b"\0" * 60_000),
            "caption": "Sunset over the bay",
        },
    )
    assert response.status_code == 413
    assert "Sunset over the bay" in response.text


def test_file_over_15_mb_gets_413_with_the_form_and_caption(logged_in, client, app, row_count):
    """Refuse a file over the upload limit that fits the request limit, keeping the caption.

    Case 28.
    """
    too_big = b"\xff\xd8\xff\xe0" + b"\0" * limits.UPLOAD_MAX_BYTES
    response = post_large_form(
        client, "/posts/new", {"caption": "Sunset over the bay"}, {"image": (too_big, "a.jpg")}
    )

    assert response.status_code == 413
    assert "too large (max 15 MB)" in response.text
    assert "Sunset over the bay" in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


def test_client_filename_is_ignored_and_stored_names_are_random(logged_in, client, app, tmp_path):
    """Case 33: Never use the uploader's file name: ../../app.py is stored under a random name."""
    for _ in range(2):
        assert new_post(client, jpeg(800, 600), filename="../../app.py").status_code == 302

    with app.app_context():
        names = list(db.session.scalars(sa.select(PostImage.image_name)))
    assert len(set(names)) == 2
    assert all(STORED_NAME.fullmatch(name) for name in names)
    assert not any("app" in name for name in media_files(app))
    # Display, thumbnail and original of each, no temporary files.
    assert len(media_files(app)) == 6
    assert not list(tmp_path.rglob("app.py"))


def test_database_failure_after_files_are_written_removes_them(
    logged_in, client, app, backend, row_count, scalar
):
    """Case 34: Remove the stored files again when the post row can't be written."""
    with database_refuses(app, backend, "INSERT", "posts"):
        response = new_post(client, jpeg(800, 600))

    # SQLite reports the trigger as an integrity error (500), MariaDB as operational (503).
    assert response.status_code in (500, 503)
    assert "Traceback" not in response.text
    assert row_count(Post) == 0
    assert scalar(sa.select(User.post_count).where(User.username == "alice")) == 0
    assert media_files(app) == []


@pytest.mark.parametrize(
    ("image", "image_url", "message"),
    [
        (True, "https://images.example.com/a.jpg", "not both"),
        (False, "", "Choose a photo to upload or give an image address"),
    ],
)
def test_exactly_one_image_source(logged_in, client, app, row_count, image, image_url, message):
    """Refuse a post with both a file and an address, or with neither."""
    data = {"image_url": image_url, "caption": "Two at once"}
    if image:
        data["image"] = upload(jpeg(400, 300))
    response = client.post_form("/posts/new", data)

    assert response.status_code == 400
    assert message in response.text
    assert "Two at once" in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


# --- The media folder itself failing: a real full or read-only filesystem (tmpfs) ---


@pytest.fixture
def media_mount(app):
    """Mount a small tmpfs over the media folder; skip where mounting is not allowed."""
    root = app.config["MEDIA_ROOT"]
    mounted = subprocess.run(  # noqa: S603 (fixed arguments)
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", root],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    yield Path(root)
    subprocess.run(["umount", root], check=True)  # noqa: S603, S607


def remount(root: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(root)], check=True)  # noqa: S603, S607


def fill(root: Path) -> None:
    """Write a file until the filesystem has no room left."""
    with (root / "filler").open("wb", buffering=0) as filler, pytest.raises(OSError) as full:
        while True:
            filler.write(bytes(4096))
    assert full.value.errno == errno.ENOSPC


@pytest.mark.parametrize(
    ("problem", "status", "message"),
    [
        ("full", 507, "out of space"),
        ("read-only", 503, "Photo storage is unavailable right now. Please try again"),
    ],
)
def test_media_folder_full_or_read_only_keeps_the_caption_and_stores_nothing(
    logged_in, client, app, row_count, media_mount, problem, status, message
):
    """A full disk gets 507, a read-only one 503, next to the photo field; no row, no file."""
    if problem == "full":
        fill(media_mount)
    else:
        remount(media_mount, "ro")
    before = sorted(path.name for path in media_mount.iterdir())

    response = client.post_form(
        "/posts/new", {"image": upload(jpeg(800, 600)), "caption": "Sunset over the bay"}
    )

    assert response.status_code == status
    assert message in response.text
    assert "Sunset over the bay" in response.text
    assert "Traceback" not in response.text
    assert row_count(Post) == 0
    assert sorted(path.name for path in media_mount.iterdir()) == before  # no partial file

    # Once the operator frees space or remounts it writable, trying again works.
    remount(media_mount, "rw")
    (media_mount / "filler").unlink(missing_ok=True)
    response = client.post_form("/posts/new", {"image": upload(jpeg(800, 600)), "caption": "x"})
    assert response.status_code == 302
    assert row_count(Post) == 1
    assert len(media_files(app)) == 3
