"""Serve stored photos at ``/media/<name>``.

Login: the app's before_request hook requires a logged-in user for every endpoint that
is not marked public, and this one deliberately is not (SECURITY.md case 24).

The response headers, and why:

- ``Content-Type: image/jpeg`` with ``X-Content-Type-Options: nosniff``: every stored
  file is a JPEG this app encoded itself, and the browser must not guess otherwise.
- ``Content-Security-Policy: default-src 'none'; sandbox``: opened on its own as a page,
  the file may load nothing and run nothing. The app's headers (security.py) fill in only
  what a view has not set, so this stricter policy stands.
- ``ETag`` is the file name: names are random and never reused, so the name identifies
  the bytes. A request with a matching ``If-None-Match`` gets ``304 Not Modified``.
- ``Cache-Control: private, max-age=31536000, immutable``: the file never changes, so
  the browser may keep it for a year without asking again; ``private`` because it is
  behind login, so shared caches (proxies, CDNs) must not store it.

Behind nginx, with local storage and ``MEDIA_ACCEL_REDIRECT`` set (an internal nginx
location such as ``/_media/``), the app still checks the login and the name, then answers
with no body and ``X-Accel-Redirect``: nginx sends the file's bytes itself, so a worker
thread is not held while a slow phone downloads a photo (README, "Production").
"""

from flask import Blueprint, abort, current_app, request

from .storage import LocalStorage, current_storage, is_valid_name

ORIGINAL_SUFFIX = "_original"


def is_original_name(name: str) -> bool:
    """Originals are named "<random>_original.jpg"; renditions never end that way."""
    return name.endswith(f"{ORIGINAL_SUFFIX}.jpg")


bp = Blueprint("media", __name__)

SANDBOX_CSP = "default-src 'none'; sandbox"
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.get("/media/<name>")
def serve(name: str):
    """Send one stored rendition with long-lived, private caching."""
    if not is_valid_name(name) or is_original_name(name):
        abort(404)  # originals go out only through their post's download (send_original)
    if request.if_none_match.contains(name):
        # The browser has these bytes already (names never change): skip the storage read.
        return cached_response(current_app.response_class(status=304), name)
    if accel_prefix := accel_redirect_prefix():
        return cached_response(accel_redirect(accel_prefix, name, "image/jpeg"), name)
    try:
        # Renditions are small (well under 2 MB), so read one whole and close it at once:
        # no open file or S3 connection is then left waiting on a slow or unclosed client.
        data = current_storage().read(name)
    except FileNotFoundError:
        abort(404)
    response = cached_response(current_app.response_class(data, mimetype="image/jpeg"), name)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


def cached_response(response, name: str):
    response.set_etag(name)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response


def send_original(name: str, download_name: str):
    """Send a kept original as a download (``Content-Disposition: attachment``).

    The caller has checked that the viewer may see its post and that the site lets
    originals be downloaded. An original is read whole, like a rendition: at most a few
    tens of megabytes (a 50-megapixel photo), once per download.
    """
    if not is_valid_name(name):
        abort(404)
    if request.if_none_match.contains(name):
        return download_headers(current_app.response_class(status=304), name, download_name)
    if accel_prefix := accel_redirect_prefix():
        response = accel_redirect(accel_prefix, name, "image/jpeg")
        return download_headers(response, name, download_name)
    try:
        data = current_storage().read(name)
    except FileNotFoundError:
        abort(404)
    response = current_app.response_class(data, mimetype="image/jpeg")
    response = download_headers(response, name, download_name)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))


def download_headers(response, name: str, download_name: str):
    response = cached_response(response, name)
    response.headers.set("Content-Disposition", "attachment", filename=download_name)
    return response


def accel_redirect_prefix() -> str | None:
    """nginx's internal location for media files, when nginx can read them from disk."""
    prefix = current_app.config.get("MEDIA_ACCEL_REDIRECT")
    if prefix and isinstance(current_storage(), LocalStorage):
        return prefix
    return None  # S3 storage, or no nginx in front: the app sends the bytes


def accel_redirect(prefix: str, name: str, mimetype: str):
    """An empty answer telling nginx to send the file ``name`` from its internal location."""
    response = current_app.response_class(mimetype=mimetype)
    response.headers["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
    return response
