"""The admin area at /admin: people, invitations, the registration mode, the log.

Admins only. Everyone else, anonymous visitors included, gets 404 on every page, decided
once for the whole blueprint (``only_admins``, run by security.require_login before the
CSRF check) by the one rule, roles.require_admin.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ... import admin_log, registration, roles, security
from ...extensions import db
from ...models import Invitation, User, utcnow
from ...problems import Problem
from ..forms import form_page, show_problem, status_of
from .forms import RegistrationForm

LOG_PAGE_SIZE = 50


def only_admins():
    """Every request to the area, before anything else looks at it (security.guarded_by)."""
    roles.require_admin(current_user)  # NotAdmin: the 404 page (SECURITY.md case 49)


bp = security.guarded_by(only_admins)(Blueprint("admin", __name__, url_prefix="/admin"))


@bp.get("")
def overview():
    by_status = select(User.status, func.count()).group_by(User.status)
    counts = {status: count for status, count in db.session.execute(by_status)}
    open_invitations = db.session.scalar(
        select(func.count()).where(
            Invitation.revoked_at.is_(None),
            Invitation.uses < Invitation.max_uses,
            Invitation.expires_at > utcnow(),
        )
    )
    return render_template(
        "admin/overview.html",
        mode=registration.current_mode(),
        mode_names=registration.MODE_NAMES,
        counts=counts,
        open_invitations=open_invitations,
    )


def registration_page(form: RegistrationForm) -> str:
    return render_template("admin/registration.html", form=form)


@bp.route("/registration", methods=["GET", "POST"])
@form_page(RegistrationForm, registration_page)
def registration_mode():
    form = RegistrationForm(mode=registration.current_mode())
    if not form.validate_on_submit():
        return registration_page(form), status_of(form)
    try:
        registration.set_mode(current_user, form.mode.data)
    except Problem as problem:
        return show_problem(form, problem, registration_page)
    flash(f"Registration is now: {registration.MODE_NAMES[form.mode.data]}.")
    return redirect(url_for("admin.registration_mode"))


@bp.get("/log")
def log():
    before = request.args.get("before", type=int)
    page = admin_log.log_page(before, LOG_PAGE_SIZE)
    return render_template("admin/log.html", page=page)


from . import invitations, people  # noqa: E402, F401  (their views register on bp)
