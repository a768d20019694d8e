"""What the admin endpoints and the site's public facts read and write (api/admin.py, site.py)."""

import marshmallow as ma
from marshmallow import fields, validate

from .. import feeds, limits, registration, roles
from .schemas import ONE_LINE, Pattern, Schema

MODE = fields.String(required=True, validate=validate.OneOf(registration.MODES))
PAGE_SIZE_MAX = 50

# Input ---------------------------------------------------------------------------------


class PeopleSearchArgs(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=limits.EMAIL_MAX),
        metadata={"description": "The start of a username, display name or email"},
    )
    after = fields.String(
        load_default="",
        validate=validate.Length(max=limits.USERNAME_MAX),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class OlderPageArgs(Schema):
    before = fields.Integer(
        validate=validate.Range(min=1, max=feeds.LARGEST_ID),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class NewInvitation(Schema):
    max_uses = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=limits.INVITATION_USES_MAX),
        metadata={"description": "1 for a single person"},
    )
    expires_in_days = fields.Integer(
        load_default=7, validate=validate.Range(min=1, max=limits.INVITATION_DAYS_MAX)
    )
    note = fields.String(
        load_default="",
        validate=[validate.Length(max=limits.INVITATION_NOTE_MAX), Pattern(ONE_LINE)],
        metadata={"description": "For the admins: who it is for"},
    )


class ModeInput(Schema):
    mode = MODE


# Output --------------------------------------------------------------------------------


class Site(ma.Schema):
    registration_mode = MODE


class Inviter(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(required=True)


class InvitationInfo(ma.Schema):
    invited_by = fields.Nested(Inviter, required=True)
    expires_at = fields.DateTime(required=True)


class Person(ma.Schema):
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True)
    is_admin = fields.Boolean(required=True)
    status = fields.String(required=True, validate=validate.OneOf(roles.STATUSES))
    created_at = fields.DateTime(required=True)
    invited_by = fields.String(
        required=True, allow_none=True, metadata={"description": "The inviter's username"}
    )


class PersonPage(ma.Schema):
    items = fields.List(fields.Nested(Person), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class Invitation(ma.Schema):
    id = fields.Integer(required=True)
    url = fields.String(
        metadata={"description": "The link to send; only in the answer that created it"}
    )
    max_uses = fields.Integer(required=True)
    uses = fields.Integer(required=True)
    expires_at = fields.DateTime(required=True)
    revoked = fields.Boolean(required=True)
    note = fields.String(required=True)
    created_by = fields.String(required=True, metadata={"description": "A username"})
    used_by = fields.List(fields.String(), required=True, metadata={"description": "Usernames"})


class InvitationPage(ma.Schema):
    items = fields.List(fields.Nested(Invitation), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class LogEntry(ma.Schema):
    actor = fields.String(required=True)
    action = fields.String(required=True)
    subject = fields.String(required=True)
    detail = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class LogPage(ma.Schema):
    items = fields.List(fields.Nested(LogEntry), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class ResetLink(ma.Schema):
    url = fields.String(required=True, metadata={"format": "uri"})
    expires_at = fields.DateTime(required=True)
