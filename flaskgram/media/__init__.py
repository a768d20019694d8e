"""Uploaded photos: the only code that touches image files and their storage.

The rest of the app uses just this module's names::

    with saved_uploads(files, keep_original=True) as images:   # files first ...
        post.images = [PostImage(position=n, image_name=image.name, width=image.width,
                                 height=image.height, original_name=image.original_name)
                       for n, image in enumerate(images, 1)]
        db.session.add(post)
        db.session.commit()                                     # ... then the rows

All or none: if one upload is refused, or the block raises (the commit fails), the files
of every upload are removed again and the error goes on, so nothing is left behind; only
when the connection was lost during the commit, and the rows may exist after all, are
they kept. ``saved_upload`` does the same for one file (avatars, fetched pictures).

``ImageRejected`` (a ``validation.Invalid``) carries the HTTP status to answer with and a
message for the user: 413 or 400 for the file, 503 or 507 when the store cannot take it
(``storage.StorageFailed``) or the server is too busy. Decoding runs in a child process
with a CPU, memory and time budget (``budget.py``).

In templates, ``image_urls(name, width, height)`` gives what an ``<img>`` needs::

    {% set img = image_urls(photo.image_name, photo.width, photo.height) %}
    <img src="{{ img.src }}" srcset="{{ img.srcset }}" sizes="(max-width: 640px) 100vw, 640px"
         width="{{ img.width }}" height="{{ img.height }}" alt="..." loading="lazy">
"""

import logging
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask import url_for
from werkzeug.datastructures import FileStorage

from ..database import commit_may_have_happened
from .budget import original_in_child, prepare_in_child, start_forkserver
from .images import THUMBNAIL_MAX, TOO_LARGE, ImageRejected, read_upload, thumbnail_size
from .storage import current_storage, init_app, is_valid_name
from .views import ORIGINAL_SUFFIX, bp, is_original_name, send_original

__all__ = [
    "TOO_LARGE",
    "ImageRejected",
    "SavedImage",
    "bp",
    "current_storage",
    "delete_image",
    "image_url",
    "image_urls",
    "init_app",
    "is_original_name",
    "save_upload",
    "saved_upload",
    "saved_uploads",
    "send_original",
    "start_forkserver",
]

log = logging.getLogger(__name__)
CONTENT_TYPE = "image/jpeg"
THUMBNAIL_SUFFIX = f"_{THUMBNAIL_MAX}"


@dataclass(frozen=True)
class SavedImage:
    name: str  # of the display rendition, e.g. "Xq3...Zk.jpg"; store this in the database
    width: int  # of the display rendition, for <img width height>
    height: int
    # The original kept for download, under a random name of its own: knowing the display
    # rendition's name tells nothing about it, and /media never serves it (views.py).
    original_name: str | None = None

    @property
    def file_names(self) -> list[str]:
        """Every file stored for this image."""
        originals = [self.original_name] if self.original_name else []
        return [*rendition_names(self.name), *originals]


def rendition_names(name: str) -> list[str]:
    """List the file names of every rendition of a saved image, display first."""
    if not is_valid_name(name):
        raise ValueError(f"not a media file name: {name!r}")
    base = name.removesuffix(".jpg")
    return [name, f"{base}{THUMBNAIL_SUFFIX}.jpg"]


def save_upload(
    file: FileStorage | BinaryIO | None, *, square: bool = False, keep_original: bool = False
) -> SavedImage:
    """Check and convert an uploaded photo, store its renditions, and return its name.

    The name is random: the uploader's file name is never used. Raises ImageRejected for
    files that are not acceptable images, or that take too much work to decode: decoding
    runs in a child process with a CPU, memory and time budget (see budget.py). With
    ``keep_original`` the upload is kept too, at full size without its metadata, made by
    a second child within the same budget.
    """
    if file is None:
        raise ImageRejected("Choose a photo to upload.")
    data = read_upload(file.stream if isinstance(file, FileStorage) else file)
    prepared = prepare_in_child(data, square=square)
    original = original_in_child(data) if keep_original else None
    base = secrets.token_urlsafe(18)
    files = [
        (f"{base}{rendition.suffix}.jpg", rendition.data) for rendition in prepared.renditions
    ]
    original_name = None
    if original is not None:
        original_name = f"{secrets.token_urlsafe(18)}{ORIGINAL_SUFFIX}.jpg"
        files.append((original_name, original.data))
    written = []
    try:
        for name, content in files:
            current_storage().save(name, content, CONTENT_TYPE)
            written.append(name)
    except BaseException:
        for name in written:
            delete_quietly(name)
        raise
    return SavedImage(
        name=f"{base}.jpg",
        width=prepared.width,
        height=prepared.height,
        original_name=original_name,
    )


def delete_image(name: str, original_name: str | None = None) -> None:
    """Remove every rendition of a saved image, and its original; a missing one is fine.

    Called after the rows that used the image are committed away, so a storage failure
    is logged (an orphan file to sweep later), never turned into an error page.
    """
    for file_name in SavedImage(name, 0, 0, original_name).file_names:
        delete_quietly(file_name)


def delete_quietly(name: str) -> None:
    # Used while another error is on its way up: log a failed clean-up, don't mask the cause.
    try:
        current_storage().delete(name)
    except Exception:
        log.exception("Could not remove media file %s", name)


@contextmanager
def saved_upload(
    file: FileStorage | BinaryIO, *, square: bool = False, keep_original: bool = False
) -> Iterator[SavedImage]:
    """Save an upload, and delete its files again if the ``with`` block raises.

    Keep only the database write inside the block: once the row is committed, an error
    later in the block would remove files the row still points to.
    """
    with saved_uploads([file], square=square, keep_original=keep_original) as [image]:
        yield image


@contextmanager
def saved_uploads(
    files: Sequence[FileStorage | BinaryIO], *, square: bool = False, keep_original: bool = False
) -> Iterator[list[SavedImage]]:
    """Save several uploads, all or none: if one is refused, or the ``with`` block raises,
    the files of every one are deleted again.

    A refusal names the photo when there are several ("Photo 3 (beach.png): ...").
    """
    images: list[SavedImage] = []
    try:
        for number, file in enumerate(files, start=1):
            with refusal_naming(file, number, len(files)):
                images.append(save_upload(file, square=square, keep_original=keep_original))
        yield images
    except BaseException as error:
        if images and commit_may_have_happened(error):
            # The row may exist after all: a file nobody uses is better than a post
            # whose photo is gone.
            log.warning("Keeping media files %s: their commit may have happened", images)
        else:
            for image in images:
                for name in image.file_names:
                    delete_quietly(name)
        raise


@contextmanager
def refusal_naming(file: FileStorage | BinaryIO, number: int, count: int) -> Iterator[None]:
    """Say which photo of several was refused, when it was the photo's fault."""
    try:
        yield
    except ImageRejected as rejected:
        if count == 1 or rejected.status not in (400, 413):
            raise  # one photo needs no number; a full or busy store is nobody's photo
        filename = getattr(file, "filename", "") or ""
        named = "".join(ch for ch in filename if ch.isprintable())[:60]
        which = f"Photo {number} ({named})" if named else f"Photo {number}"
        raise ImageRejected(f"{which}: {rejected}", status=rejected.status) from rejected


def image_url(name: str, *, thumbnail: bool = False) -> str:
    """Return the URL of a saved image's display rendition, or of its thumbnail."""
    display, thumb = rendition_names(name)
    return url_for("media.serve", name=thumb if thumbnail else display)


def image_urls(name: str, width: int, height: int) -> dict[str, str | int]:
    """Return src, thumb, srcset, width and height for an <img> of a saved image."""
    src = image_url(name)
    thumb = image_url(name, thumbnail=True)
    thumb_width, _thumb_height = thumbnail_size(width, height)
    # A small photo's thumbnail is as big as its display rendition: offer it once.
    srcset = (
        f"{thumb} {thumb_width}w, {src} {width}w" if thumb_width < width else f"{src} {width}w"
    )
    return {"src": src, "thumb": thumb, "srcset": srcset, "width": width, "height": height}
