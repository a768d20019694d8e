"""Uploaded photos: the only code that touches image files and their storage.

The rest of the app uses just this module's names::

    with saved_upload(form.photo.data) as image:   # files first ...
        post = Post(image_name=image.name, image_width=image.width,
                    image_height=image.height, ...)
        db.session.add(post)
        db.session.commit()                         # ... then the row

If the block raises (the commit fails), the files are removed again and the error goes
on, so nothing is left behind; only when the connection was lost during the commit, and
the row may exist after all, are they kept. ``ImageRejected`` (a ``validation.Invalid``)
carries the HTTP status to answer with and a message for the user: 413 or 400 for the
file, 503 or 507 when the store cannot take it (``storage.StorageFailed``) or the server is
too busy. Decoding runs in a child process with a CPU, memory and time budget (``budget.py``).

In templates, ``image_urls(name, width, height)`` gives what an ``<img>`` needs::

    {% set img = image_urls(post.image_name, post.image_width, post.image_height) %}
    <img src="{{ img.src }}" srcset="{{ img.srcset }}" sizes="(max-width: 640px) 100vw, 640px"
         width="{{ img.width }}" height="{{ img.height }}" alt="..." loading="lazy">
"""

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from flask import url_for
from werkzeug.datastructures import FileStorage

from ..database import commit_may_have_happened
from .budget import prepare_in_child, start_forkserver
from .images import THUMBNAIL_MAX, TOO_LARGE, ImageRejected, read_upload, thumbnail_size
from .storage import current_storage, init_app, is_valid_name
from .views import bp

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
    "save_upload",
    "saved_upload",
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


def rendition_names(name: str) -> list[str]:
    """List the file names of every rendition of a saved image, display first."""
    if not is_valid_name(name):
        raise ValueError(f"not a media file name: {name!r}")
    base = name.removesuffix(".jpg")
    return [name, f"{base}{THUMBNAIL_SUFFIX}.jpg"]


def save_upload(file: FileStorage | BinaryIO | None, *, square: bool = False) -> SavedImage:
    """Check and convert an uploaded photo, store its renditions, and return its name.

    The name is random: the uploader's file name is never used. Raises ImageRejected for
    files that are not acceptable images, or that take too much work to decode: decoding
    runs in a child process with a CPU, memory and time budget (see budget.py).
    """
    if file is None:
        raise ImageRejected("Choose a photo to upload.")
    data = read_upload(file.stream if isinstance(file, FileStorage) else file)
    prepared = prepare_in_child(data, square=square)
    base = secrets.token_urlsafe(18)
    written = []
    try:
        for rendition in prepared.renditions:
            name = f"{base}{rendition.suffix}.jpg"
            current_storage().save(name, rendition.data, CONTENT_TYPE)
            written.append(name)
    except BaseException:
        for name in written:
            delete_quietly(name)
        raise
    return SavedImage(name=f"{base}.jpg", width=prepared.width, height=prepared.height)


def delete_image(name: str) -> None:
    """Remove every rendition of a saved image; removing a missing image is fine.

    Called after the rows that used the image are committed away, so a storage failure
    is logged (an orphan file to sweep later), never turned into an error page.
    """
    for rendition in rendition_names(name):
        delete_quietly(rendition)


def delete_quietly(name: str) -> None:
    # Used while another error is on its way up: log a failed clean-up, don't mask the cause.
    try:
        current_storage().delete(name)
    except Exception:
        log.exception("Could not remove media file %s", name)


@contextmanager
def saved_upload(file: FileStorage | BinaryIO, *, square: bool = False) -> Iterator[SavedImage]:
    """Save an upload, and delete its files again if the ``with`` block raises.

    Keep only the database write inside the block: once the row is committed, an error
    later in the block would remove files the row still points to.
    """
    image = save_upload(file, square=square)
    try:
        yield image
    except BaseException as error:
        if commit_may_have_happened(error):
            # The row may exist after all: a file nobody uses is better than a post
            # whose photo is gone.
            log.warning("Keeping media file %s: its commit may have happened", image.name)
        else:
            for name in rendition_names(image.name):
                delete_quietly(name)
        raise


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
