"""What the API reads and writes, as marshmallow schemas; the OpenAPI document is made from them.

Input schemas state the rules of PRODUCT.md exactly (lengths, and which characters a field
may hold), so the document promises what the rules accept, and then call the rules
themselves (``rule(validation.clean_...)``), which stay the authority.
"""

import marshmallow as ma
from marshmallow import fields, validate

from .. import feeds, limits, validation
from .errors import rule

# Whitespace that trimming removes, control characters excepted (they are listed apart).
SPACES = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Control characters: refused in one-line text; multi-line text keeps tab and line breaks.
CONTROLS = "\\u0000-\\u001f\\u007f-\\u009f"
CONTROLS_BUT_LINES = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f"
ONE_LINE = f"^[^{CONTROLS}]*$"
LINES = f"^[^{CONTROLS_BUT_LINES}]*$"
# At least one character that trimming keeps.
SOME_LINES = f"^[\\t\\n\\r{SPACES}]*[^{CONTROLS}{SPACES}][^{CONTROLS_BUT_LINES}]*$"
# The characters and length validation.clean_username accepts (any case: stored lowercase).
USERNAME = f"^[A-Za-z0-9._]{{{limits.USERNAME_MIN},{limits.USERNAME_MAX}}}$"
# What validation.clean_image_url accepts, with the host name in ASCII (punycode).
HTTPS_URL = "^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"


class Pattern(validate.Regexp):
    """A regular expression the whole value must match (``$`` alone allows a final newline)."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


def text(max_length: int, pattern: str, clean, **kwargs) -> fields.String:
    return fields.String(
        validate=[validate.Length(max=max_length), Pattern(pattern), rule(clean)], **kwargs
    )


def image_url_field(**kwargs) -> fields.String:
    return fields.String(
        validate=[
            validate.Length(max=limits.IMAGE_URL_MAX),
            Pattern(HTTPS_URL),
            rule(validation.clean_image_url),
        ],
        metadata={"example": "https://images.example.com/beach.jpg"},
        **kwargs,
    )


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE  # a field a client may not set is refused, not ignored (case 23)


def password_field(**metadata) -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=limits.PASSWORD_MAX),
        metadata=metadata,
    )


# Input ---------------------------------------------------------------------------------


class Credentials(Schema):
    username = fields.String(
        required=True,
        validate=validate.Length(min=1, max=limits.EMAIL_MAX),
        metadata={"description": "A username or an email address", "example": "alice"},
    )
    password = fields.String(
        required=True,
        validate=validate.Length(min=1, max=limits.PASSWORD_MAX),
        metadata={"example": "correct horse battery"},
    )


class NewAccount(Schema):
    username = fields.String(
        required=True,
        validate=[Pattern(USERNAME), rule(validation.clean_username)],
        metadata={
            "description": "Letters, digits, dots and underscores, stored lowercase; not "
            "starting or ending with a dot, no two dots in a row, not a reserved word",
            "example": "alice",
        },
    )
    email = fields.String(
        required=True,
        validate=[validate.Length(max=limits.EMAIL_MAX), rule(validation.clean_email)],
        metadata={"description": "Never shown to other people", "example": "alice@example.com"},
    )
    # The rule checks the lengths stated here itself, and says in words what is wrong.
    password = fields.String(
        required=True,
        validate=rule(validation.check_password),
        metadata={
            "minLength": limits.PASSWORD_MIN,
            "maxLength": limits.PASSWORD_MAX,
            "description": "Any characters but NUL, kept exactly as sent; not a common one",
            "example": "correct horse battery",
        },
    )
    display_name = text(
        limits.DISPLAY_NAME_MAX,
        ONE_LINE,
        validation.clean_display_name,
        load_default="",
        metadata={"example": "Alice Liddell"},
    )
    invitation = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The token of an invitation link (/invite/<token>), if any"},
    )


class RefreshTokenInput(Schema):
    refresh_token = fields.String(
        validate=validate.Length(min=1, max=4096),
        metadata={
            "description": "Required, but for the browser client, whose cookie carries it "
            "(see the X-Flaskgram-Client header)"
        },
    )


class NewPost(Schema):
    image_url = image_url_field(required=True)
    caption = text(limits.CAPTION_MAX, LINES, validation.clean_caption, load_default="")
    alt_text = text(limits.ALT_TEXT_MAX, ONE_LINE, validation.clean_alt_text, load_default="")


def alt_text_list(**kwargs) -> fields.List:
    # How many there may be depends on the photos: the rule (posts.clean_alt_texts) says.
    return fields.List(text(limits.ALT_TEXT_MAX, ONE_LINE, validation.clean_alt_text), **kwargs)


class NewPostForm(Schema):
    """The multipart form: photo files (``image``, 1 to 10 parts, in the post's order),
    each with its ``alt_text`` part in the same order, and the same text fields."""

    image = fields.List(
        fields.Raw(metadata={"type": "string", "format": "binary"}),
        metadata={"description": f"1 to {limits.PHOTOS_PER_POST_MAX} photos, in order"},
    )
    image_url = image_url_field()
    caption = text(limits.CAPTION_MAX, LINES, validation.clean_caption, load_default="")
    alt_text = alt_text_list(
        load_default=list,
        metadata={"description": "One per photo, in the same order; a photo without one has none"},
    )


class PostChanges(Schema):
    caption = text(limits.CAPTION_MAX, LINES, validation.clean_caption)
    alt_text = text(
        limits.ALT_TEXT_MAX,
        ONE_LINE,
        validation.clean_alt_text,
        metadata={"description": "The first photo's alt text"},
    )
    alt_texts = alt_text_list(
        validate=validate.Length(max=limits.PHOTOS_PER_POST_MAX),
        metadata={
            "description": "Alt texts of the first photos, in order; no more than the post "
            "has photos (and not with alt_text)"
        },
    )

    @ma.validates_schema
    def one_way_for_alt_texts(self, data, **kwargs):
        if "alt_text" in data and "alt_texts" in data:
            raise ma.ValidationError("Give alt_text or alt_texts, not both.", "alt_texts")


class ProfileChanges(Schema):
    display_name = text(limits.DISPLAY_NAME_MAX, ONE_LINE, validation.clean_display_name)
    bio = text(limits.BIO_MAX, LINES, validation.clean_bio)


class PasswordChange(Schema):
    current_password = password_field(example="correct horse battery")
    # Checked by the rule (validation.check_password) once the current password is right.
    new_password = password_field(
        description=f"{limits.PASSWORD_MIN} to {limits.PASSWORD_MAX} characters, not a common one",
        example="a brand new passphrase",
    )


class PasswordConfirmation(Schema):
    password = password_field(description="Your password, to confirm")


class AvatarForm(Schema):
    """The multipart form: a photo file (``avatar``) and nothing else."""

    avatar = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class NewComment(Schema):
    body = text(
        limits.COMMENT_MAX,
        SOME_LINES,
        validation.clean_comment,
        required=True,
        metadata={"example": "Lovely light!"},
    )


PAGE_SIZE_MAX = 50


class PostPageArgs(Schema):
    before = fields.Integer(
        validate=validate.Range(min=1, max=feeds.LARGEST_ID),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class CommentPageArgs(Schema):
    after = fields.Integer(
        validate=validate.Range(min=1, max=feeds.LARGEST_ID),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class PeoplePageArgs(Schema):
    after = fields.String(
        validate=validate.Length(max=limits.USERNAME_MAX),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class ImageLinkArgs(Schema):
    """The signature an image link carries (api/images.py); both or neither."""

    expires = fields.Integer(
        validate=validate.Range(min=0, max=2**40), metadata={"description": "Unix time"}
    )
    signature = fields.String(validate=validate.Length(max=128))


# Output --------------------------------------------------------------------------------


class Tokens(ma.Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(
        metadata={
            "description": "Left out for the browser client (`X-Flaskgram-Client: web`): "
            "its refresh token is set as the flaskgram_refresh cookie instead"
        }
    )
    token_type = fields.String(required=True, metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds"})


class Avatar(ma.Schema):
    url = fields.String(required=True)
    thumbnail_url = fields.String(required=True)


class Author(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    avatar = fields.Nested(Avatar, allow_none=True, required=True)


class Profile(Author):
    bio = fields.String(required=True)
    post_count = fields.Integer(required=True)
    follower_count = fields.Integer(required=True)
    following_count = fields.Integer(required=True)
    followed_by_me = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class Me(Profile):
    email = fields.String(required=True)
    unread_notifications = fields.Integer(required=True)
    # Whether the admin API (/admin/...) answers them: clients show the admin area.
    is_admin = fields.Boolean(required=True)


class Image(ma.Schema):
    position = fields.Integer(
        required=True, metadata={"description": "1 for the first photo", "minimum": 1}
    )
    url = fields.String(required=True)
    thumbnail_url = fields.String(required=True)
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    alt_text = fields.String(required=True)
    original_url = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The photo as uploaded, full size, without metadata (a download); "
            "null when the site doesn't offer originals or none was kept"
        },
    )


class Post(ma.Schema):
    id = fields.Integer(required=True)
    author = fields.Nested(Author, required=True)
    images = fields.List(
        fields.Nested(Image),
        required=True,
        metadata={"description": f"1 to {limits.PHOTOS_PER_POST_MAX} photos, in order"},
    )
    caption = fields.String(required=True)
    # The @names in the caption that are people, lowercase: clients link only these.
    mentions = fields.List(fields.String(), required=True)
    like_count = fields.Integer(required=True)
    comment_count = fields.Integer(required=True)
    liked = fields.Boolean(required=True)
    saved = fields.Boolean(required=True, metadata={"description": "By you; only you see it"})
    can_edit = fields.Boolean(required=True)
    can_delete = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(required=True, allow_none=True)


class Comment(ma.Schema):
    id = fields.Integer(required=True)
    post_id = fields.Integer(required=True)
    author = fields.Nested(Author, required=True)
    body = fields.String(required=True)
    # The @names in the body that are people, lowercase: clients link only these.
    mentions = fields.List(fields.String(), required=True)
    can_delete = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class PostPage(ma.Schema):
    items = fields.List(fields.Nested(Post), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class CommentPage(ma.Schema):
    items = fields.List(fields.Nested(Comment), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class PeoplePage(ma.Schema):
    items = fields.List(fields.Nested(Profile), required=True)
    next_cursor = fields.String(required=True, allow_none=True)
