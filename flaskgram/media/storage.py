"""Where image files live: a directory on this server, or an S3 bucket shared by several.

Both backends offer the same three methods and accept only the random names that
``save_upload()`` makes, so a name can never point outside the media store.

A write that fails because of the store, not the photo, raises ``StorageFailed``: an
``ImageRejected`` with status 507 when the disk is full, 503 when it is read-only, not
ours to write, or S3 cannot be reached. The forms that take photos already show an
ImageRejected next to the photo field, with what was typed kept and nothing saved.

Configuration (``FLASKGRAM_*`` environment variables like every other setting):

- ``MEDIA_STORAGE``: ``"local"`` (default) or ``"s3"``.
- ``MEDIA_ROOT``: the directory for ``"local"``; default ``<instance folder>/media``.
- ``S3_BUCKET``, ``S3_PREFIX`` (default ``""``), ``S3_ENDPOINT_URL`` (for MinIO, Ceph or
  another S3-compatible service; default AWS), ``S3_REGION`` (default ``"us-east-1"``).
  Credentials come from the usual ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
  variables, a shared credentials file or an instance role, never from Flask config.
"""

import errno
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

from .images import ImageRejected

# Exactly the names save_upload() generates: URL-safe base64, an optional rendition
# suffix and ".jpg". No dots or slashes, so no "..", hidden files or subdirectories.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,100}\.jpg")
EXTENSION_KEY = "flaskgram_media"
OUT_OF_SPACE = "The server is out of space for new photos. Please try again later."
UNAVAILABLE = "Photo storage is unavailable right now. Please try again in a moment."
# What a write error says about the store: full (507 Insufficient Storage), or not
# writable at the moment (503 Service Unavailable, worth trying again).
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
UNWRITABLE_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}

log = logging.getLogger(__name__)


class StorageFailed(ImageRejected):
    """The photo was fine but could not be stored; str() is the message for the user."""


class Storage(Protocol):
    def save(self, name: str, data: bytes, content_type: str) -> None: ...

    def read(self, name: str) -> bytes:
        """Return the whole file; raise FileNotFoundError if it is missing."""
        ...

    def delete(self, name: str) -> None:
        """Remove the file; a missing file is not an error."""
        ...


def is_valid_name(name: str) -> bool:
    return NAME_PATTERN.fullmatch(name) is not None


def check_name(name: str) -> str:
    if not is_valid_name(name):
        raise ValueError(f"not a media file name: {name!r}")
    return name


class LocalStorage:
    """Files in one directory of this server's disk."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.root / check_name(name)

    def save(self, name: str, data: bytes, content_type: str) -> None:
        """Write the whole file or nothing: readers never see a half-written image."""
        path = self.path(name)
        with store_errors_explained(name):  # a full disk, a read-only one: tell the user
            # The temporary file is in the same directory: os.replace() is an atomic rename.
            fd, temp_path = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as temp:
                    temp.write(data)
                    temp.flush()
                    os.fsync(temp.fileno())  # the data is on disk before the name points at it
                os.replace(temp_path, path)
            except BaseException:
                Path(temp_path).unlink(missing_ok=True)
                raise
        self.sync_directory()

    def sync_directory(self) -> None:
        # The rename itself is only durable once the directory entry is flushed too.
        if hasattr(os, "O_DIRECTORY"):
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


class S3Storage:
    """Objects in an S3 (or S3-compatible) bucket, so several app servers share the files."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str = "us-east-1",
    ):
        # boto3 is slow to import and only S3 deployments need it.
        import boto3
        import botocore.exceptions

        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        # A session of our own: boto3's default session is shared, global state.
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region
        )
        # The service said no (a missing bucket, denied access, a 5xx), or did not answer.
        self.write_errors = (
            botocore.exceptions.ClientError,
            botocore.exceptions.ConnectionError,
            botocore.exceptions.HTTPClientError,
        )

    def key(self, name: str) -> str:
        return self.prefix + check_name(name)

    def save(self, name: str, data: bytes, content_type: str) -> None:
        # S3 stores an object whole or not at all, so this is atomic too.
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self.key(name), Body=data, ContentType=content_type
            )
        except self.write_errors as error:
            log.error("Could not store media file %s in S3: %s", name, error)
            raise StorageFailed(UNAVAILABLE, status=503) from error

    def read(self, name: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(name) from None
        with response["Body"] as body:
            return body.read()

    def delete(self, name: str) -> None:
        # S3 answers a delete of a missing key with success, which is what we want.
        self.client.delete_object(Bucket=self.bucket, Key=self.key(name))


@contextmanager
def store_errors_explained(name: str) -> Iterator[None]:
    """Turn an OSError that says the store is full or unwritable into StorageFailed, and
    log it for the operator; other errors (EIO, ...) go on as they are."""
    try:
        yield
    except OSError as error:
        if error.errno in FULL_ERRNOS:
            status, message = 507, OUT_OF_SPACE
        elif error.errno in UNWRITABLE_ERRNOS:
            status, message = 503, UNAVAILABLE
        else:
            raise
        log.error("Could not write media file %s: %s", name, error)
        raise StorageFailed(message, status=status) from error


def make_storage(app: Flask) -> Storage:
    """Build the backend that app.config asks for."""
    config = app.config
    kind = config.get("MEDIA_STORAGE", "local")
    if kind == "local":
        return LocalStorage(config.get("MEDIA_ROOT") or Path(app.instance_path) / "media")
    if kind == "s3":
        if not config.get("S3_BUCKET"):
            raise RuntimeError("MEDIA_STORAGE is 's3' but S3_BUCKET is not set.")
        return S3Storage(
            bucket=config["S3_BUCKET"],
            prefix=config.get("S3_PREFIX", ""),
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION", "us-east-1"),
        )
    raise RuntimeError(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")


def init_app(app: Flask) -> None:
    """Create this app's storage backend."""
    app.extensions[EXTENSION_KEY] = make_storage(app)


def current_storage() -> Storage:
    """Return the current app's storage backend."""
    return current_app.extensions[EXTENSION_KEY]
