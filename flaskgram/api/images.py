"""Stored photos for API clients, by links that carry their own permission.

An ``<img>`` in a browser app can't send a bearer token, so every image URL the API hands
out is signed, like a pre-signed S3 link: it works for whoever holds it until it expires.
Expiry is rounded up to a whole day, so a page's links (and the copies browsers keep) stay
the same all day; an expired link answers 403 and a fresh copy of the post has a new one.
A bearer token works too, with no signature. The files and headers are ``/media/<name>``'s
(media/views.py serves both).
"""

import hashlib
import time

from flask import current_app, url_for
from itsdangerous import Signer

from .. import security
from ..media import rendition_names
from ..media import views as media_views
from . import bp, schemas, tokens
from .errors import ErrorSchema, fail, unauthorized

JPEG = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}
DAY = 24 * 3600
# A link lasts at least this long after it is handed out, at most a day longer.
LINK_SECONDS = DAY


def link_signer() -> Signer:
    secret = current_app.config["SECRET_KEY"]  # config.py refuses to start without one
    return Signer(secret, salt="flaskgram.image-link", digest_method=hashlib.sha256)


def signed_payload(name: str, expires: int) -> bytes:
    return f"{name}:{expires}".encode()


def image_url(name: str, *, thumbnail: bool = False) -> str:
    """The signed link to a stored image's display (or thumbnail) rendition."""
    display, thumb = rendition_names(name)
    chosen = thumb if thumbnail else display
    expires = (int(time.time()) + LINK_SECONDS) // DAY * DAY + DAY
    signature = link_signer().get_signature(signed_payload(chosen, expires)).decode()
    return url_for("api.image", name=chosen, expires=expires, signature=signature)


def link_is_valid(name: str, expires: int | None, signature: str | None) -> bool:
    if expires is None or signature is None or expires < time.time():
        return False
    return link_signer().verify_signature(signed_payload(name, expires), signature.encode())


@bp.route("/images/<name>", methods=["GET"], tags=["images"])
@security.public  # the view checks the signature, or else the bearer token, itself
@bp.arguments(schemas.ImageLinkArgs, location="query", as_kwargs=True)
@bp.doc(
    security=[{}, {"bearer": []}],  # the signed link alone, or a token
    responses={
        200: {"description": "The JPEG", "content": JPEG},
        304: {"description": "Not modified: names never change, so a kept copy is current"},
    },
)
@bp.alt_response(401, schema=ErrorSchema, description="No signature and no valid token")
@bp.alt_response(403, schema=ErrorSchema, description="The link expired or was altered")
def image(name, expires=None, signature=None):
    """One stored rendition of a photo or avatar, by the link a post or author gives."""
    if signature is None and expires is None:
        try:
            tokens.caller()
        except tokens.BadToken:
            unauthorized("Use the image's link as given, or send a valid access token.")
    elif not link_is_valid(name, expires, signature):
        fail(403, "This image link expired or was changed. Load the post again for a fresh one.")
    return media_views.serve(name)
