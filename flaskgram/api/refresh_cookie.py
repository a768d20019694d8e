"""The browser client's refresh token, kept in a cookie its scripts can't read.

A phone app keeps its refresh token in the phone's key store and sends it in the JSON
body. A browser app has no such place: anything its scripts can store, a script injected
into the page could read, and a refresh token lasts 30 days. So when a request says
``X-Flaskgram-Client: web``, the token endpoints (auth.py) leave the refresh token out of
the body and set it as an ``HttpOnly`` cookie, sent back only to /api/v1/auth, and read
it back from there.

The cookie is read only when that header comes too. A page on another site can make a
browser send our cookies, but a form can't add a header, and a script that adds one
needs a CORS preflight that this site never approves; so the header proves the request
comes from a page of this site. (``SameSite=Strict`` says the same to browsers that
honour it.)
"""

from flask import after_this_request, current_app, request

from . import API_PREFIX

CLIENT_HEADER = "X-Flaskgram-Client"
WEB_CLIENT = "web"
COOKIE_NAME = "flaskgram_refresh"
COOKIE_PATH = f"{API_PREFIX}/auth"  # the refresh and revoke endpoints, and nothing else


def is_web_client() -> bool:
    """Whether the request comes from Flaskgram's browser client (see above)."""
    return request.headers.get(CLIENT_HEADER) == WEB_CLIENT


def received() -> str | None:
    """The refresh token in the cookie, if the request comes from the browser client."""
    if not is_web_client():
        return None  # a cookie without the header may come from another site's form
    return request.cookies.get(COOKIE_NAME) or None


def cookie_settings() -> dict:
    return {
        "path": COOKIE_PATH,
        "secure": current_app.config["HTTPS"],
        "httponly": True,
        "samesite": "Strict",
    }


def send(refresh_token: str) -> None:
    """Set the cookie on this request's response, for as long as the token lasts."""
    max_age = current_app.config["API_REFRESH_TOKEN_SECONDS"]

    @after_this_request
    def set_cookie(response):
        response.set_cookie(COOKIE_NAME, refresh_token, max_age=max_age, **cookie_settings())
        return response


def clear() -> None:
    """Delete the cookie with this request's response, even if the request fails."""

    @after_this_request
    def delete_cookie(response):
        response.delete_cookie(COOKIE_NAME, **cookie_settings())
        return response


# How the OpenAPI document describes them, on the operations that use them (auth.py).
HEADER_PARAMETER = {
    "in": "header",
    "name": CLIENT_HEADER,
    "required": False,
    "schema": {"type": "string"},
    "description": (
        f"`{WEB_CLIENT}` from Flaskgram's browser client: the refresh token then travels in "
        f"the `{COOKIE_NAME}` cookie (HttpOnly, SameSite=Strict, Path={COOKIE_PATH}), "
        "not in the JSON body. Phone apps leave it out."
    ),
}
COOKIE_PARAMETER = {
    "in": "cookie",
    "name": COOKIE_NAME,
    "required": False,
    "schema": {"type": "string"},
    "description": (
        f"The browser client's refresh token; read only with `{CLIENT_HEADER}: {WEB_CLIENT}`."
    ),
}
SET_COOKIE_HEADER = {
    "Set-Cookie": {
        "description": f"With `{CLIENT_HEADER}: {WEB_CLIENT}`: the refresh token's cookie",
        "schema": {"type": "string"},
    }
}
