"""Your notifications: the list, marking them read, and which kinds you get."""

from .. import notifications, rate_limits
from . import bp, caller, serialize
from . import social_schemas as schemas
from .images import image_url


def group_json(group: notifications.Group) -> dict:
    post = group.post
    photo = post.images[0] if post is not None else None
    return {
        "id": group.id,
        "kind": group.kind,
        "actors": [serialize.author_of(actor) for actor in group.actors],
        "post": None
        if post is None or photo is None
        else {
            "id": post.id,
            "thumbnail_url": image_url(photo.image_name, thumbnail=True)
            if photo.image_name
            else photo.remote_url,
        },
        "comment": None
        if group.comment is None
        else {"id": group.comment.id, "body": group.comment.body},
        "read": not group.unread,
        "created_at": group.created_at,
    }


@bp.route("/me/notifications", methods=["GET"], tags=["notifications"])
@bp.arguments(schemas.NotificationPageArgs, location="query")
@bp.response(200, schemas.NotificationPage)
def notification_list(args):
    """Your notifications, newest first; reading them doesn't mark them read."""
    page = notifications.page_of(caller(), args.get("before"), args["limit"])
    return {"items": [group_json(g) for g in page.groups], "next_cursor": page.next_cursor}


@bp.route("/me/notifications/read", methods=["POST"], tags=["notifications"])
@bp.arguments(schemas.MarkRead, required=False)
@bp.response(200, schemas.UnreadCount)
def mark_notifications_read(body):
    """Mark your notifications read: all of them, or those up to `up_to` (an id)."""
    user = caller()
    notifications.mark_read(user, (body or {}).get("up_to"))
    return {"unread_notifications": user.unread_notification_count}


@bp.route("/me/notifications/settings", methods=["GET"], tags=["notifications"])
@bp.response(200, schemas.NotificationSettings)
def notification_settings():
    """Which kinds of notification you get."""
    return notifications.preferences_of(caller())


@bp.route("/me/notifications/settings", methods=["PUT"], tags=["notifications"])
@rate_limits.settings_changes
@bp.arguments(schemas.NotificationSettings)
@bp.response(200, schemas.NotificationSettings)
def change_notification_settings(choices):
    """Turn kinds of notification on or off; one turned off is never written."""
    user = caller()
    notifications.set_preferences(user, choices)
    return notifications.preferences_of(user)
