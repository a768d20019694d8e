"""The admin area in the API: people, invitations, the registration mode, the log.

Every view here is ``admins_only``: check_request (api/__init__.py) asks roles.require_admin,
the rule the admin pages ask, so a caller who isn't an admin gets 404 (401 without a token).
"""

from .. import admin_log, admin_people, invitations, registration
from ..models import User
from . import admin_schemas, bp, caller
from .errors import ErrorSchema

NOT_FOUND = "Not an admin, or no such thing"


def admins_only(view):
    """Only admins reach this view; for anyone else it does not exist (SECURITY.md case 49)."""
    view.admins_only = True
    return bp.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)(view)


def person_json(person: User, invited_by: str | None) -> dict:
    return {
        "username": person.username,
        "display_name": person.display_name,
        "email": person.email,
        "is_admin": person.is_admin,
        "status": person.status,
        "created_at": person.created_at,
        "invited_by": invited_by,
    }


def one_person_json(person: User) -> dict:
    return person_json(person, invitations.invited_by([person.id]).get(person.id))


def invitation_json(row: invitations.InvitationRow, url: str | None = None) -> dict:
    invitation = row.invitation
    body = {
        "id": invitation.id,
        "max_uses": invitation.max_uses,
        "uses": invitation.uses,
        "expires_at": invitation.expires_at,
        "revoked": invitation.revoked_at is not None,
        "note": invitation.note,
        "created_by": row.created_by,
        "used_by": row.used_by,
    }
    if url is not None:
        body["url"] = url
    return body


@bp.route("/admin/people", methods=["GET"], tags=["admin"])
@admins_only
@bp.arguments(admin_schemas.PeopleSearchArgs, location="query")
@bp.response(200, admin_schemas.PersonPage)
def admin_people_list(args):
    """Everyone, by username; ``q`` keeps those whose username, name or email starts with it."""
    page = admin_people.search(args["q"], args["after"], args["limit"])
    items = [person_json(person, page.invited_by.get(person.id)) for person in page.people]
    return {"items": items, "next_cursor": page.next_cursor}


def person_action(rule):
    """A view that applies an admin rule to the person and answers them as they are now."""

    def view(username):
        person = admin_people.person_named(username)
        rule(caller(), person)
        return one_person_json(person)

    view.__name__ = f"admin_{rule.__name__}"
    view.__doc__ = rule.__doc__
    return view


for path, method, rule, summary in [
    ("approve", "POST", admin_people.approve, "Let a pending account in."),
    ("disable", "POST", admin_people.disable, "Disable an account: its logins end at once."),
    ("enable", "POST", admin_people.enable, "Let a disabled account log in again."),
    ("admin", "PUT", admin_people.make_admin, "Make someone an admin."),
    ("admin", "DELETE", admin_people.remove_admin, "Make an admin an ordinary account again."),
]:
    bp.route(f"/admin/people/<username>/{path}", methods=[method], tags=["admin"])(
        admins_only(
            bp.response(200, admin_schemas.Person)(
                bp.alt_response(
                    409, schema=ErrorSchema, description="The site's last admin stays admin"
                )(bp.doc(summary=summary)(person_action(rule)))
            )
        )
    )


@bp.route("/admin/people/<username>/reset-link", methods=["POST"], tags=["admin"])
@admins_only
@bp.response(201, admin_schemas.ResetLink)
@bp.alt_response(409, schema=ErrorSchema, description="The account isn't active")
def admin_reset_link(username):
    """Make a one-time password-reset link for the person, to pass on by any channel.

    It works once, for PASSWORD_RESET_HOURS, and stops their older unused links. It is
    answered here only: the server keeps just a hash of its secret.
    """
    person = admin_people.person_named(username)
    link = admin_people.reset_link(caller(), person)
    return {"url": link.url, "expires_at": link.expires_at}, 201, {"Cache-Control": "no-store"}


@bp.route("/admin/people/<username>", methods=["DELETE"], tags=["admin"])
@admins_only
@bp.response(204)
@bp.alt_response(409, schema=ErrorSchema, description="The site's last admin stays")
def admin_delete_person(username):
    """Delete an account with everything in it: posts, photos, comments, likes, follows."""
    admin_people.delete(caller(), admin_people.person_named(username))


@bp.route("/admin/invitations", methods=["GET"], tags=["admin"])
@admins_only
@bp.arguments(admin_schemas.OlderPageArgs, location="query")
@bp.response(200, admin_schemas.InvitationPage)
def admin_invitations(args):
    """Invitation links, newest first, with who used each (never their secret link)."""
    page = invitations.invitation_page(args.get("before"), args["limit"])
    return {"items": [invitation_json(row) for row in page.rows], "next_cursor": page.next_cursor}


@bp.route("/admin/invitations", methods=["POST"], tags=["admin"])
@admins_only
@bp.arguments(admin_schemas.NewInvitation)
@bp.response(201, admin_schemas.Invitation)
@bp.alt_response(400, schema=ErrorSchema, description="A field breaks the rules; see fields")
def admin_create_invitation(body):
    """Make an invitation link. Its ``url`` is in this answer only: only a hash of it is kept."""
    token = invitations.create(
        caller(),
        max_uses=body["max_uses"],
        expires_in_days=body["expires_in_days"],
        note=body["note"],
    )
    invitation = invitations.find(token)
    row = invitations.InvitationRow(invitation, caller().username, [])
    return invitation_json(row, url=invitations.link(token))


@bp.route("/admin/invitations/<id:invitation_id>", methods=["DELETE"], tags=["admin"])
@admins_only
@bp.response(204)
def admin_revoke_invitation(invitation_id):
    """Withdraw an invitation: its link stops working. Withdrawing it again changes nothing."""
    invitations.revoke(caller(), invitation_id)


@bp.route("/admin/registration", methods=["GET"], tags=["admin"])
@admins_only
@bp.response(200, admin_schemas.ModeInput)
def admin_registration():
    """Who can sign up: open, invitation, approval or closed."""
    return {"mode": registration.current_mode()}


@bp.route("/admin/registration", methods=["PUT"], tags=["admin"])
@admins_only
@bp.arguments(admin_schemas.ModeInput)
@bp.response(200, admin_schemas.ModeInput)
def admin_set_registration(body):
    """Change who can sign up."""
    registration.set_mode(caller(), body["mode"])
    return {"mode": registration.current_mode()}


@bp.route("/admin/log", methods=["GET"], tags=["admin"])
@admins_only
@bp.arguments(admin_schemas.OlderPageArgs, location="query")
@bp.response(200, admin_schemas.LogPage)
def admin_log_page(args):
    """What admins did, newest first."""
    page = admin_log.log_page(args.get("before"), args["limit"])
    items = [
        {
            "actor": entry.actor,
            "action": entry.action,
            "subject": entry.subject,
            "detail": entry.detail,
            "created_at": entry.created_at,
        }
        for entry in page.entries
    ]
    return {"items": items, "next_cursor": page.next_cursor}
