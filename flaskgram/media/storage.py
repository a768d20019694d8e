"""Where image files live: a directory on this server, or an S3 bucket shared by several.

Both backends offer the same five methods and accept only the random names that
``save_upload()`` makes, so a name can never point outside the media store.

Configuration (``FLASKGRAM_*`` environment variables like every other setting):

- ``MEDIA_STORAGE``: ``"local"`` (default) or ``"s3"``.
- ``MEDIA_ROOT``: the directory for ``"local"``; default ``<instance folder>/media``.
- ``S3_BUCKET``, ``S3_PREFIX`` (default ``""``), ``S3_ENDPOINT_URL`` (for MinIO, Ceph or
  another S3-compatible service; default AWS), ``S3_REGION`` (default ``"us-east-1"``).
  Credentials come from the usual ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
  variables, a shared credentials file or an instance role, never from Flask config.
"""

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

# Exactly the names save_upload() generates: URL-safe base64, an optional rendition
# suffix and ".jpg". No dots or slashes, so no "..", hidden files or subdirectories.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,100}\.jpg")
EXTENSION_KEY = "flaskgram_media"


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
        # The temporary file is in the same directory, so os.replace() is an atomic rename.
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

        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        # A session of our own: boto3's default session is shared, global state.
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region
        )

    def key(self, name: str) -> str:
        return self.prefix + check_name(name)

    def save(self, name: str, data: bytes, content_type: str) -> None:
        # S3 stores an object whole or not at all, so this is atomic too.
        self.client.put_object(
            Bucket=self.bucket, Key=self.key(name), Body=data, ContentType=content_type
        )

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
