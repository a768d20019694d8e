"""Storage backends, on disk and on a local S3 server, and saving uploads through them."""

import errno
import io
import os
import socket

import pytest
from flask import Flask
from photos import jpeg
from services import s3_client
from werkzeug.datastructures import FileStorage

from flaskgram import media
from flaskgram.media import storage as media_storage
from flaskgram.media.storage import LocalStorage, S3Storage, StorageFailed, make_storage

BAD_NAMES = [
    "../app.py",
    "../../instance/secret_key",
    "a/b.jpg",
    "/etc/passwd",
    ".hidden.jpg",
    "x.png",
    "x.JPG",
    "x.jpg.html",
    "x.jpg/",
    "x\x00.jpg",
    "",
    ".jpg",
    "a" * 101 + ".jpg",
]


def stored(storage, name: str) -> bool:
    """Tell whether the storage holds a file of this name."""
    try:
        storage.read(name)
    except FileNotFoundError:
        return False
    return True


@pytest.fixture
def local(tmp_path):
    return LocalStorage(tmp_path / "media")


def test_local_round_trip(local):
    assert not stored(local, "abc_640.jpg")
    local.save("abc_640.jpg", b"jpeg bytes", "image/jpeg")
    assert stored(local, "abc_640.jpg")
    assert local.read("abc_640.jpg") == b"jpeg bytes"
    local.save("abc_640.jpg", b"new", "image/jpeg")  # replaced whole
    assert local.read("abc_640.jpg") == b"new"


def test_local_delete_is_idempotent(local):
    local.save("gone.jpg", b"x", "image/jpeg")
    local.delete("gone.jpg")
    local.delete("gone.jpg")
    assert not stored(local, "gone.jpg")
    with pytest.raises(FileNotFoundError):
        local.read("gone.jpg")


def test_local_write_leaves_no_temporary_files(local):
    local.save("one.jpg", b"1" * 100_000, "image/jpeg")
    assert sorted(os.listdir(local.root)) == ["one.jpg"]


def test_local_failed_write_keeps_the_old_file_and_no_temporary(local, monkeypatch):
    local.save("one.jpg", b"old", "image/jpeg")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    for name in ("one.jpg", "two.jpg"):
        with pytest.raises(StorageFailed, match="out of space") as caught:
            local.save(name, b"new", "image/jpeg")
        assert caught.value.status == 507
        assert caught.value.__cause__.errno == errno.ENOSPC
    assert sorted(os.listdir(local.root)) == ["one.jpg"]
    assert local.read("one.jpg") == b"old"


@pytest.mark.parametrize("name", BAD_NAMES)
def test_local_refuses_names_it_did_not_make(local, name, tmp_path):
    for call in (
        lambda: local.save(name, b"x", "image/jpeg"),
        lambda: local.read(name),
        lambda: local.delete(name),
    ):
        with pytest.raises(ValueError, match="not a media file name"):
            call()
    assert os.listdir(local.root) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]


def test_config_chooses_the_backend(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    backend = make_storage(app)
    assert isinstance(backend, LocalStorage)
    assert backend.root == tmp_path / "instance" / "media"
    app.config["MEDIA_ROOT"] = str(tmp_path / "elsewhere")
    assert make_storage(app).root == tmp_path / "elsewhere"
    app.config["MEDIA_STORAGE"] = "s3"
    with pytest.raises(RuntimeError, match="S3_BUCKET"):
        make_storage(app)
    app.config["MEDIA_STORAGE"] = "ftp"
    with pytest.raises(RuntimeError, match="'local' or 's3'"):
        make_storage(app)


# --- S3, against moto's server on loopback: no network, no real credentials ---


def test_s3_round_trip(s3_server, s3_bucket):
    s3 = S3Storage(s3_bucket, prefix="/photos/", endpoint_url=s3_server)
    assert not stored(s3, "abc.jpg")
    s3.save("abc.jpg", b"jpeg bytes", "image/jpeg")
    assert stored(s3, "abc.jpg")
    assert s3.read("abc.jpg") == b"jpeg bytes"
    head = s3_client(s3_server).head_object(Bucket=s3_bucket, Key="photos/abc.jpg")
    assert head["ContentType"] == "image/jpeg"


def test_s3_delete_is_idempotent_and_missing_keys_are_not_found(s3_server, s3_bucket):
    s3 = S3Storage(s3_bucket, endpoint_url=s3_server)
    s3.save("gone.jpg", b"x", "image/jpeg")
    s3.delete("gone.jpg")
    s3.delete("gone.jpg")
    assert not stored(s3, "gone.jpg")
    with pytest.raises(FileNotFoundError):
        s3.read("gone.jpg")
    with pytest.raises(FileNotFoundError):
        s3.read("never-there.jpg")
    assert "Contents" not in s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed again on return


@pytest.mark.parametrize("problem", ["no such bucket", "nothing listening"])
def test_s3_write_failure_is_503_and_stores_nothing(s3_server, s3_bucket, monkeypatch, problem):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # no retries with back-off: fail at once
    if problem == "no such bucket":
        s3 = S3Storage(f"{s3_bucket}-gone", endpoint_url=s3_server)
    else:
        s3 = S3Storage(s3_bucket, endpoint_url=closed_port())
    with pytest.raises(StorageFailed, match="unavailable") as caught:
        s3.save("abc.jpg", b"jpeg bytes", "image/jpeg")
    assert caught.value.status == 503
    assert "Contents" not in s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_s3_refuses_names_it_did_not_make(s3_server, s3_bucket, name):
    s3 = S3Storage(s3_bucket, endpoint_url=s3_server)
    with pytest.raises(ValueError, match="not a media file name"):
        s3.save(name, b"x", "image/jpeg")
    with pytest.raises(ValueError, match="not a media file name"):
        s3.delete(name)


# --- save_upload() and friends, on a bare app with only the media parts ---


def media_app(tmp_path, **config) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(SERVER_NAME="flaskgram.test", **config)
    media.init_app(app)
    app.register_blueprint(media.bp)
    return app


def photo_upload(filename="../../app.py") -> FileStorage:
    data = io.BytesIO(jpeg(1600, 1200, "navy"))
    return FileStorage(stream=data, filename=filename, content_type="image/jpeg")


def stored_files(app) -> list[str]:
    return sorted(os.listdir(app.extensions[media_storage.EXTENSION_KEY].root))


def test_save_upload_ignores_the_filename_and_writes_both_renditions(tmp_path):
    app = media_app(tmp_path)
    with app.app_context():
        first = media.save_upload(photo_upload("../../app.py"))
        second = media.save_upload(photo_upload("../../app.py"))
        assert (first.width, first.height) == (1080, 810)
        assert first.name != second.name
        assert media_storage.NAME_PATTERN.fullmatch(first.name)
        base = first.name.removesuffix(".jpg")
        assert len(base) == 24
        assert {first.name, f"{base}_640.jpg"} <= set(stored_files(app))
        assert len(stored_files(app)) == 4
        assert not (tmp_path / "app.py").exists()

        media.delete_image(first.name)
        media.delete_image(first.name)  # again: fine
        assert len(stored_files(app)) == 2


def test_rejected_upload_writes_nothing(tmp_path):
    app = media_app(tmp_path)
    html = FileStorage(io.BytesIO(b"<html></html>"), filename="cat.jpg")
    with app.app_context(), pytest.raises(media.ImageRejected):
        media.save_upload(html)
    with app.app_context(), pytest.raises(media.ImageRejected):
        media.save_upload(None)
    assert stored_files(app) == []


def test_saved_upload_removes_files_when_the_block_fails(tmp_path):
    app = media_app(tmp_path)
    with app.app_context():
        upload = media.saved_upload(photo_upload())
        with pytest.raises(RuntimeError, match="database is down"), upload as image:
            assert stored(media.current_storage(), image.name)
            raise RuntimeError("database is down")
        assert stored_files(app) == []

        with media.saved_upload(photo_upload()) as image:
            pass
        assert len(stored_files(app)) == 2


def test_failed_second_rendition_removes_the_first(tmp_path, monkeypatch):
    app = media_app(tmp_path)
    backend = app.extensions[media_storage.EXTENSION_KEY]
    real_save = backend.save

    def save_then_fail(name, data, content_type):
        if name.endswith("_640.jpg"):
            raise OSError("disk full")
        real_save(name, data, content_type)

    monkeypatch.setattr(backend, "save", save_then_fail)
    with app.app_context(), pytest.raises(OSError, match="disk full"):
        media.save_upload(photo_upload())
    assert stored_files(app) == []


def test_image_urls_for_templates(tmp_path):
    app = media_app(tmp_path)
    with app.app_context():
        urls = media.image_urls("abc.jpg", 1080, 810)
        assert urls == {
            "src": "http://flaskgram.test/media/abc.jpg",
            "thumb": "http://flaskgram.test/media/abc_640.jpg",
            "srcset": "http://flaskgram.test/media/abc_640.jpg 640w, "
            "http://flaskgram.test/media/abc.jpg 1080w",
            "width": 1080,
            "height": 810,
        }
        # A small photo has nothing smaller to offer.
        assert media.image_urls("abc.jpg", 300, 200)["srcset"] == (
            "http://flaskgram.test/media/abc.jpg 300w"
        )
        assert media.image_url("abc.jpg", thumbnail=True).endswith("/media/abc_640.jpg")
        with pytest.raises(ValueError):
            media.image_url("../secret.jpg")


def test_save_upload_to_s3(tmp_path, s3_server, s3_bucket):
    app = media_app(tmp_path, MEDIA_STORAGE="s3", S3_BUCKET=s3_bucket, S3_ENDPOINT_URL=s3_server)
    with app.app_context():
        image = media.save_upload(photo_upload(), square=True)
        assert (image.width, image.height) == (1080, 1080)
        keys = s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)["Contents"]
        base = image.name.removesuffix(".jpg")
        assert sorted(key["Key"] for key in keys) == sorted([image.name, f"{base}_640.jpg"])
        media.delete_image(image.name)
        assert "Contents" not in s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)
