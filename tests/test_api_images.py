"""Image links for API clients: signed and expiring, since an <img> can't send a token."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from api_client import ApiClient, api_login, assert_api_error

from flaskgram.api import images


@pytest.fixture
def api(app, make_user) -> ApiClient:
    make_user("alice")
    return api_login(app, "alice")


@pytest.fixture
def photo_url(api, make_user, make_post):
    """The signed link the API gives for a post's photo."""
    post = make_post(make_user("bob"))
    return api.get(f"/posts/{post.id}").json["images"][0]["url"]


def split(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_a_signed_link_works_without_a_token_and_is_cached_for_a_day(api, photo_url):
    """Case 24: the link the API handed out is the permission; it lasts one to two days."""
    answer = api.client.get(photo_url)  # no Authorization header, no cookie
    assert answer.status_code == 200 and answer.mimetype == "image/jpeg"
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    _, query = split(photo_url)
    lasts = int(query["expires"]) - time.time()
    assert images.LINK_SECONDS <= lasts <= images.LINK_SECONDS + images.DAY
    # Links handed out later the same day are the same, so browsers reuse their copy.
    again = api.get("/feed").json["items"][0]
    assert again["images"][0]["url"] == photo_url


@pytest.mark.parametrize(
    "change",
    [
        lambda path, q: (path.replace(".jpg", "_640.jpg"), q),  # another file, same signature
        lambda path, q: (path, {**q, "expires": str(int(q["expires"]) + images.DAY)}),
        lambda path, q: (path, {**q, "signature": q["signature"][:-2] + "AA"}),
        lambda path, q: (path, {"expires": q["expires"]}),  # half a link
        lambda path, q: (path, {**q, "expires": "soon"}),
    ],
    ids=["other-file", "longer-life", "forged", "no-signature", "not-a-number"],
)
def test_an_altered_link_is_refused(api, photo_url, change):
    """Case 24: a link works only for the file and the expiry it was signed for."""
    path, query = change(*split(photo_url))
    answer = api.client.get(path, query_string=query)
    assert answer.status_code in (400, 403, 422)
    assert_api_error(answer, answer.status_code)


def test_an_expired_link_is_refused(api, photo_url, monkeypatch):
    """Case 24: once expired, a link answers 403 with a way forward."""
    _, query = split(photo_url)
    monkeypatch.setattr(time, "time", lambda: int(query["expires"]) + 1)
    answer = api.client.get(photo_url)
    assert_api_error(answer, 403)
    assert "Load the post again" in answer.json["message"]


def test_without_a_link_a_token_is_needed(api, photo_url):
    """Case 24: the bare path needs a bearer token, as before."""
    path, _ = split(photo_url)
    assert_api_error(api.client.get(path), 401)
    answer = api.client.get(path, headers={"Authorization": f"Bearer {api.access_token}"})
    assert answer.status_code == 200
