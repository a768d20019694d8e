"""Account settings: profile, password, logging out everywhere, deleting the account."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.exceptions import RequestEntityTooLarge

from .. import accounts, rate_limits, sessions
from ..errors import error_response
from ..problems import Problem
from .forms import (
    DeleteAccountForm,
    PasswordForm,
    ProfileForm,
    form_page,
    refused_upload_page,
    show_problem,
    status_of,
    upload_of,
)

bp = Blueprint("settings", __name__, url_prefix="/settings")


def profile_page(form: ProfileForm) -> str:
    return render_template("settings/profile.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@rate_limits.settings_changes
@form_page(ProfileForm, profile_page)
def profile():
    form = ProfileForm(obj=current_user)
    if not form.validate_on_submit():
        return profile_page(form), status_of(form)
    try:
        accounts.update_profile(
            current_user,
            display_name=form.display_name.data,
            bio=form.bio.data,
            avatar_upload=upload_of(form.avatar),
        )
    except accounts.AccountGone:
        return redirect(url_for("auth.login"))  # the account was deleted meanwhile
    except Problem as problem:  # an avatar that isn't an acceptable image
        return show_problem(form, problem, profile_page)
    flash("Profile saved.")
    return redirect(url_for("users.profile", username=current_user.username))


def password_page(form: PasswordForm) -> str:
    return render_template("settings/password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@rate_limits.settings_changes
@form_page(PasswordForm, password_page)
def password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return password_page(form), status_of(form)
    try:
        accounts.change_password(current_user, form.current_password.data, form.new_password.data)
    except Problem as problem:
        return show_problem(form, problem, password_page)
    flash("Password changed. Other devices have been logged out.")
    return redirect(url_for("settings.profile"))


@bp.post("/logout-everywhere")
@rate_limits.settings_changes
def logout_everywhere():
    sessions.end_all(current_user)
    session.clear()
    logout_user()
    flash("You have been logged out on every device.")
    return redirect(url_for("auth.login"))


def delete_page(form: DeleteAccountForm) -> str:
    return render_template("settings/delete.html", form=form)


@bp.route("/delete", methods=["GET", "POST"])
@rate_limits.settings_changes
@form_page(DeleteAccountForm, delete_page)
def delete():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return delete_page(form), status_of(form)
    try:
        accounts.delete_account(current_user, form.password.data)
    except Problem as problem:
        return show_problem(form, problem, delete_page)
    session.clear()
    logout_user()
    flash("Your account and everything in it have been deleted.")
    return redirect(url_for("auth.signup"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Refuse an oversized avatar, showing the profile form again with what was typed."""
    if request.endpoint == "settings.profile":
        return refused_upload_page(ProfileForm, "avatar", profile_page)
    return error_response(413)
