"""What anyone may know before signing up: how the site takes new people, and invitations."""

from .. import invitations, registration
from . import admin_schemas, bp
from .auth import no_token_needed
from .errors import ErrorSchema


@bp.route("/site", methods=["GET"], tags=["site"])
@no_token_needed
@bp.response(200, admin_schemas.Site)
def site():
    """How people join this site: open, by invitation, by approval, or closed."""
    return {"registration_mode": registration.current_mode()}


@bp.route("/invitations/<token>", methods=["GET"], tags=["site"])
@no_token_needed
@bp.response(200, admin_schemas.InvitationInfo)
@bp.alt_response(404, schema=ErrorSchema, description="No such invitation")
@bp.alt_response(410, schema=ErrorSchema, description="Expired, used up or withdrawn")
def invitation(token):
    """Who sent an invitation, before its person signs up with it (`invitation` in POST /users)."""
    found = invitations.find(token)
    inviter = invitations.inviter_of(found)
    return {
        "invited_by": {"username": inviter.username, "display_name": inviter.display_name},
        "expires_at": found.expires_at,
    }
