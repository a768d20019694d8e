"""Account settings: the profile form, the password, logging out everywhere."""

import re
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import (
    PASSWORD,
    REMEMBER_COOKIE,
    AuthActions,
    Client,
    all_at_once,
    login_client,
    textarea,
)
from photos import close_to, database_refuses, encoded, jpeg, media_files, opened, upload
from PIL import Image

from flaskgram.models import User, UserSession

NEW_PASSWORD = "a brand new passphrase"


def remember_only(app, browser) -> Client:
    """A browser that holds nothing but this browser's remember-me cookie."""
    fresh = app.test_client()
    fresh.set_cookie(REMEMBER_COOKIE, browser.get_cookie(REMEMBER_COOKIE).value)
    return fresh


def is_logged_in(browser) -> bool:
    response = browser.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def field_value(page, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page.text)
    return found.group(1) if found else ""


def profile_of(scalar, username="alice") -> User:
    return scalar(sa.select(User).where(User.username == username))


# Profile -----------------------------------------------------------------------------


def test_profile_form_shows_current_values(client, logged_in, app, scalar):
    """Fill the form with the saved name and bio."""
    client.post_form("/settings/profile", {"display_name": "Alice L", "bio": "Hi there"})
    page = client.get("/settings/profile")
    assert page.status_code == 200
    assert field_value(page, "display_name") == "Alice L"
    assert textarea(page.text, "bio") == "Hi there"


def test_profile_edit_saves_name_and_bio(client, logged_in, scalar):
    """Save a display name and a multi-line bio, and show them on the profile."""
    response = client.post_form(
        "/settings/profile", {"display_name": "  Alice Liddell ", "bio": "Line one\r\nLine two"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/u/alice"
    user = profile_of(scalar)
    assert (user.display_name, user.bio) == ("Alice Liddell", "Line one\nLine two")
    page = client.get("/u/alice").text
    assert "Alice Liddell" in page and "Line one<br>\nLine two" in page


@pytest.mark.parametrize(
    ("field", "length", "status"),
    [("display_name", 50, 302), ("display_name", 51, 400), ("bio", 150, 302), ("bio", 151, 400)],
)
def test_profile_limits(client, logged_in, scalar, field, length, status):
    """Take 50 characters of name and 150 of bio; refuse one more, keeping what was typed."""
    value = "é" * (length - 1) + "🙂"
    data = {"display_name": "Alice", "bio": "Hello", field: value}
    response = client.post_form("/settings/profile", data)

    assert response.status_code == status
    user = profile_of(scalar)
    if status == 302:
        assert getattr(user, field) == value
    else:
        assert f"at most {length - 1} characters" in response.text
        shown = (
            field_value(response, field)
            if field == "display_name"
            else textarea(response.text, field)
        )
        assert shown == value
        assert (user.display_name, user.bio) == ("", "")  # nothing saved, not even the other


def avatar_photo() -> bytes:
    """800x400: blue edges around a green centre square, so a centre crop is all green."""
    image = Image.new("RGB", (800, 400), "blue")
    image.paste((0, 200, 0), (200, 0, 600, 400))
    return encoded(image, "JPEG", quality=95)


def test_avatar_upload_is_cropped_square(client, logged_in, scalar):
    """Store an avatar as the centre square of the photo, display and thumbnail."""
    response = client.post_form(
        "/settings/profile",
        {"display_name": "", "bio": "", "avatar": upload(avatar_photo(), "../../me.jpg")},
    )
    assert response.status_code == 302

    name = profile_of(scalar).avatar_name
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}\.jpg", name)
    for rendition in (name, name.replace(".jpg", "_640.jpg")):
        stored = opened(client.get(f"/media/{rendition}").data).convert("RGB")
        assert stored.size == (400, 400)
        for corner in ((3, 3), (396, 3), (3, 396), (396, 396)):
            assert close_to(stored.getpixel(corner), (0, 200, 0), tolerance=24)


def test_new_avatar_replaces_the_old_files(client, logged_in, app, scalar):
    """Remove the old avatar's files once the new one is saved."""
    names = []
    for colour in ("red", "green"):
        fields = {"display_name": "", "bio": "", "avatar": upload(jpeg(300, 300, colour))}
        assert client.post_form("/settings/profile", fields).status_code == 302
        names.append(profile_of(scalar).avatar_name)

    old, new = (name.removesuffix(".jpg") for name in names)
    assert media_files(app) == sorted([f"{new}.jpg", f"{new}_640.jpg"])
    assert client.get(f"/media/{old}.jpg").status_code == 404


def test_avatar_changes_at_once_leave_only_the_final_avatar(app, logged_in, client, scalar):
    """Five avatar changes at once: every replaced avatar's files are deleted."""
    first = {"display_name": "", "bio": "", "avatar": upload(jpeg(300, 300, "white"))}
    assert client.post_form("/settings/profile", first).status_code == 302
    browsers = [login_client(app) for _ in range(5)]

    def change_avatar(browser, colour):
        fields = {"display_name": colour, "bio": "", "avatar": upload(jpeg(300, 300, colour))}
        return browser.post_form("/settings/profile", fields).status_code

    colours = ["red", "green", "blue", "black", "yellow"]
    statuses = all_at_once(
        [partial(change_avatar, b, colour) for b, colour in zip(browsers, colours, strict=True)]
    )

    assert statuses == [302] * 5
    final = profile_of(scalar).avatar_name.removesuffix(".jpg")
    assert media_files(app) == sorted([f"{final}.jpg", f"{final}_640.jpg"])


def test_saving_without_a_file_keeps_the_avatar(client, logged_in, app, scalar):
    """Keep the avatar when the form is saved with no new photo."""
    client.post_form(
        "/settings/profile", {"display_name": "", "bio": "", "avatar": upload(jpeg())}
    )
    name = profile_of(scalar).avatar_name
    assert name
    client.post_form("/settings/profile", {"display_name": "Al", "bio": ""})
    assert profile_of(scalar).avatar_name == name
    assert len(media_files(app)) == 2


@pytest.mark.parametrize(
    ("data", "bio", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "Kept bio", "Unsupported image type"),
        (jpeg(), "x" * 151, "at most 150 characters"),
    ],
    ids=["html-avatar", "bio-too-long"],
)
def test_bad_profile_form_saves_nothing(client, logged_in, app, scalar, data, bio, message):
    """Refuse a bad avatar or a bad field with 400, keeping the text and writing no files."""
    response = client.post_form(
        "/settings/profile", {"display_name": "New name", "bio": bio, "avatar": upload(data)}
    )
    assert response.status_code == 400
    assert message in response.text
    assert textarea(response.text, "bio") == bio
    user = profile_of(scalar)
    assert (user.display_name, user.bio, user.avatar_name) == ("", "", None)
    assert media_files(app) == []


def test_avatar_body_over_the_request_limit_keeps_the_text(client, logged_in, app, scalar):
    """Refuse a body over MAX_CONTENT_LENGTH with 413, the form and what was typed."""
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    fields = {"display_name": "Alice L", "bio": "Still here", "avatar": upload(b"\0" * 60_000)}
    response = client.post_form("/settings/profile", fields)

    assert response.status_code == 413
    assert "too large" in response.text
    assert field_value(response, "display_name") == "Alice L"
    assert textarea(response.text, "bio") == "Still here"
    assert profile_of(scalar).display_name == ""
    assert media_files(app) == []


def test_database_failure_keeps_the_old_avatar_and_removes_the_new_files(
    client, logged_in, app, backend, scalar
):
    """Keep the old avatar and its files, and remove the new ones, when saving fails."""
    fields = {"display_name": "", "bio": "", "avatar": upload(jpeg(300, 300, "red"))}
    assert client.post_form("/settings/profile", fields).status_code == 302
    old_name, old_files = profile_of(scalar).avatar_name, media_files(app)

    with database_refuses(app, backend, "UPDATE", "users"):
        fields = {"display_name": "New", "bio": "", "avatar": upload(jpeg(300, 300, "blue"))}
        response = client.post_form("/settings/profile", fields)

    assert response.status_code in (500, 503)
    assert profile_of(scalar).avatar_name == old_name
    assert profile_of(scalar).display_name == ""
    assert media_files(app) == old_files


# Password ----------------------------------------------------------------------------


def change_password(browser, current=PASSWORD, new=NEW_PASSWORD):
    return browser.post_form(
        "/settings/password", {"current_password": current, "new_password": new}
    )


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("wrong password", NEW_PASSWORD, "That isn&#39;t your current password."),
        ("", NEW_PASSWORD, "Enter your password."),
        (PASSWORD, "password123", "too common"),
        (PASSWORD, "abc1234", "at least 8 characters"),
    ],
)
def test_password_change_refused(app, logged_in, client, scalar, current, new, message):
    """Refuse a wrong current password or a weak new one; change nothing, end no session.

    Case 9.
    """
    other = login_client(app)
    before = profile_of(scalar).password_hash

    response = change_password(client, current, new)

    assert response.status_code == 400
    assert message in response.text
    for typed in (current, new):
        assert not typed or typed not in response.text  # passwords are never shown again
    assert profile_of(scalar).password_hash == before
    assert is_logged_in(other)


def test_password_change_ends_other_sessions_but_not_this_one(app, logged_in, client, row_count):
    """Case 9: Log out every other browser, remember-me cookies included; keep this one."""
    other = login_client(app)
    remembered = remember_only(app, login_client(app, remember=True))
    assert is_logged_in(remembered)

    response = change_password(client)

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other)
    assert not is_logged_in(remembered)
    assert row_count(UserSession) == 1


def test_new_password_works_and_old_one_does_not(app, logged_in, client):
    """Log in with the new password only."""
    change_password(client)
    assert login_client(app).get("/").status_code == 302  # the old password: anonymous
    fresh = app.test_client()
    assert AuthActions(fresh).login("alice", password=NEW_PASSWORD).status_code == 302
    assert is_logged_in(fresh)


# Log out everywhere ------------------------------------------------------------------


def test_logout_everywhere_ends_every_session(app, make_user, row_count):
    """End this browser's session and every other one, remember-me cookies included."""
    make_user("alice")
    make_user("bob")
    here = login_client(app, remember=True)
    here_remembered = remember_only(app, here)
    other = login_client(app)
    other_remembered = remember_only(app, login_client(app, remember=True))
    bob = login_client(app, "bob")

    response = here.post_form("/settings/logout-everywhere")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    for browser in (here, here_remembered, other, other_remembered):
        assert not is_logged_in(browser)
    assert is_logged_in(bob)
    assert row_count(UserSession) == 1  # bob's


def test_logout_everywhere_needs_post_and_csrf(app, logged_in, client, row_count):
    """Refuse GET (405) and a POST without a CSRF token (400)."""
    assert client.get("/settings/logout-everywhere").status_code == 405
    assert client.post("/settings/logout-everywhere").status_code == 400
    assert is_logged_in(client)
    assert row_count(UserSession) == 1


@pytest.mark.parametrize("path", ["/settings/profile", "/settings/password", "/settings/delete"])
def test_settings_pages_need_login(client, path):
    """Case 21: Send anonymous visitors to the login page."""
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
