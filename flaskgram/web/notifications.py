"""The notifications page, marking them read, and which kinds you want."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from .. import notifications, rate_limits
from .forms import NotificationSettingsForm

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
def index():
    """Your notifications, newest first; the page's script marks them read (a POST)."""
    before = request.args.get("before", type=int)
    page = notifications.page_of(current_user, before, current_app.config["POSTS_PER_PAGE"])
    return render_template(
        "notifications/index.html",
        groups=page.groups,
        next_cursor=page.next_cursor,
        describe=notifications.describe,
    )


@bp.post("/notifications/read")
def read():
    """Mark your notifications read: all, or those up to the id in the ``up_to`` field."""
    up_to = request.form.get("up_to", type=int)
    notifications.mark_read(current_user, up_to)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(unread_notifications=current_user.unread_notification_count)
    return redirect(url_for("notifications.index"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@rate_limits.settings_changes
def settings():
    form = NotificationSettingsForm(data=notifications.preferences_of(current_user))
    if form.validate_on_submit():
        notifications.set_preferences(
            current_user, {name: form[name].data for name in form.data if name != "csrf_token"}
        )
        flash("Notification settings saved.")
        return redirect(url_for("notifications.settings"))
    return render_template("settings/notifications.html", form=form), 400 if form.errors else 200
