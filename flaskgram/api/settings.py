"""Your account's settings: the password, logging out everywhere, the avatar, deleting it.

The same rules as the settings pages (accounts.py, sessions.py) and the same per-address
limit, shared with those pages.
"""

from contextlib import contextmanager

from flask import request
from werkzeug.datastructures import FileStorage

from .. import accounts, problems, rate_limits, sessions
from . import accepts, bp, caller, schemas
from .errors import ErrorSchema, fail, load
from .users import me_json

AVATAR_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": "AvatarForm",
            "encoding": {
                "avatar": {"contentType": "image/jpeg, image/png, image/webp, image/gif"}
            },
        }
    },
}
CHOOSE_A_PHOTO = "Choose a photo to upload."


@contextmanager
def password_checked():
    """A wrong password here is a refused field (400), not a bad token (401)."""
    try:
        yield
    except accounts.BadCredentials as problem:
        fail(400, "Some fields are not valid.", fields={problem.field or "password": str(problem)})


@bp.route("/me/password", methods=["POST"], tags=["me"])
@rate_limits.settings_changes
@bp.arguments(schemas.PasswordChange)
@bp.response(204)
@bp.alt_response(400, schema=ErrorSchema, description="Wrong current password, or a weak new one")
def change_password(body):
    """Change your password. Every other login ends, browsers and apps; this one stays."""
    # The caller's session is this API login (tokens.user_of), so it is the one kept.
    with password_checked(), problems.at_field("new_password"):  # the new one broke a rule
        accounts.change_password(caller(), body["current_password"], body["new_password"])


@bp.route("/me/logout-everywhere", methods=["POST"], tags=["me"])
@rate_limits.settings_changes
@bp.response(204)
def logout_everywhere():
    """End every login of your account, browsers and apps, this one included."""
    sessions.end_all(caller())


@bp.route("/me", methods=["DELETE"], tags=["me"])
@rate_limits.settings_changes
@bp.arguments(schemas.PasswordConfirmation)
@bp.response(204)
@bp.alt_response(400, schema=ErrorSchema, description="Wrong password")
def delete_me(body):
    """Delete your account with its posts, photos, comments, likes and follows.

    Every login ends with it: your tokens get 401 from then on.
    """
    with password_checked():
        accounts.delete_account(caller(), body["password"])


@bp.route("/me/avatar", methods=["PUT"], tags=["me"])
@rate_limits.settings_changes
@accepts("multipart/form-data")
@bp.doc(requestBody=AVATAR_BODY)
@bp.response(200, schemas.Me)
@bp.alt_response(400, schema=ErrorSchema, description="Not an acceptable image")
@bp.alt_response(413, schema=ErrorSchema, description="The photo is too large")
@bp.alt_response(503, schema=ErrorSchema, description="Photo storage is unavailable")
@bp.alt_response(507, schema=ErrorSchema, description="The server is out of space for photos")
def set_avatar():
    """Replace your avatar with a photo: multipart with an `avatar` file.

    It is cropped to its centre square. At most 15 MB, in JPEG, PNG, WebP or GIF.
    """
    # A field besides the file is refused; an empty file part means no file was chosen.
    form = load(schemas.AvatarForm(), {**request.form.to_dict(), **request.files.to_dict()})
    upload = form["avatar"]
    if not isinstance(upload, FileStorage) or not upload.filename:
        fail(400, CHOOSE_A_PHOTO, fields={"avatar": CHOOSE_A_PHOTO})
    user = caller()
    # As the settings page does: the profile's words as they are, with the new file.
    accounts.update_profile(
        user, display_name=user.display_name, bio=user.bio, avatar_upload=upload
    )
    return me_json(user)
