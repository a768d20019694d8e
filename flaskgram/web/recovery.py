"""Account recovery pages: "forgot password", a reset link's new-password form, and the
address check of a new account (with "send the link again").

A link's token is in the page's address, so these pages send no Referer at all and are
never cached (SECURITY.md case 58). A link that is unknown answers 404; expired, used
or replaced 410, on GET and POST alike.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo

from .. import mail, rate_limits, recovery, validation
from ..problems import Problem
from ..recovery import emails
from ..security import public
from .auth import begin_login
from .forms import form_page, rule, show_problem, status_of

bp = Blueprint("recovery", __name__)


class AddressForm(FlaskForm):
    email = StringField("Email", [rule(validation.clean_email)])


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", [rule(validation.check_password)])
    confirm = PasswordField(
        "New password, again", [EqualTo("password", "The two passwords don't match.")]
    )


class ConfirmForm(FlaskForm):
    pass


@bp.after_request
def keep_tokens_private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def recovery_links() -> dict:
    """Whether the login page offers "Forgot password?" and "send the link again"."""
    return {
        "can_email_reset": mail.is_configured(),
        "must_verify_email": emails.verification_required(),
    }


def forgot_page(form: AddressForm, sent: bool = False) -> str:
    if not mail.is_configured():  # also when drawn again for a refused CSRF token
        abort(404)
    return render_template("recovery/forgot.html", form=form, sent=sent)


@bp.route("/forgot", methods=["GET", "POST"])
@public
@rate_limits.password_resets
@form_page(AddressForm, forgot_page)
def forgot():
    """Ask for a reset link by e-mail. The answer never says whether the address has an
    account (emails.py does the work after the response, for every address)."""
    if not mail.is_configured():
        abort(404)
    form = AddressForm()
    if not form.validate_on_submit():
        return forgot_page(form), status_of(form)
    emails.after_response(emails.send_reset, form.email.data)
    return forgot_page(AddressForm(formdata=None), sent=True)


def resend_page(form: AddressForm, sent: bool = False) -> str:
    if not emails.verification_required():
        abort(404)
    return render_template("recovery/resend.html", form=form, sent=sent)


@bp.route("/verify/resend", methods=["GET", "POST"])
@public
@rate_limits.password_resets
@form_page(AddressForm, resend_page)
def resend():
    """Send a new account's address check again; the same answer for any address."""
    if not emails.verification_required():
        abort(404)
    form = AddressForm()
    if not form.validate_on_submit():
        return resend_page(form), status_of(form)
    emails.after_response(emails.resend_verification, form.email.data)
    return resend_page(AddressForm(formdata=None), sent=True)


def link_or_abort(check, token: str):
    """What a link's check returns, or its 404 or 410 as an HTTP error: the form's page is
    also drawn by the CSRF error handler, where a rule's Problem would become a 500."""
    try:
        return check(token)
    except (recovery.LinkUnknown, recovery.LinkGone) as problem:
        abort(problem.status, str(problem))


def reset_page(form: NewPasswordForm, token: str) -> str:
    user = link_or_abort(recovery.check_reset_link, token)
    return render_template("recovery/reset.html", form=form, user=user)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@rate_limits.password_resets
@form_page(NewPasswordForm, reset_page)
def reset(token: str):
    """Choose a new password with a one-time link; every old login ends, and the person
    is logged in under a new one (the link proved who they are, like a password)."""
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return reset_page(form, token), status_of(form)  # 404 or 410 for a dead link
    try:
        user = recovery.reset_password(token, form.password.data or "")
    except (recovery.LinkUnknown, recovery.LinkGone):
        raise
    except Problem as problem:
        return show_problem(form, problem, reset_page, token)
    try:
        emails.check_may_log_in(user)  # an admin's link doesn't confirm an address
    except emails.EmailNotVerified as problem:
        flash(f"Your password is changed. {problem}")
        return redirect(url_for("auth.login"))
    begin_login(user)
    flash("Your password is changed, and every other device is logged out.")
    return redirect(url_for("posts.feed"))


def verify_page(form: ConfirmForm, token: str) -> str:
    return render_template("recovery/verify.html", form=form)


@bp.route("/verify/<token>", methods=["GET", "POST"])
@public
@rate_limits.password_resets
@form_page(ConfirmForm, verify_page)
def verify(token: str):
    """Confirm an address: the link shows a button, so a mail scanner that opens links
    confirms nothing."""
    link_or_abort(recovery.check_verify_link, token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return verify_page(form, token), status_of(form)
    recovery.verify_email(token)
    flash("Thank you: your email address is confirmed.")
    if current_user.is_authenticated:
        return redirect(url_for("posts.feed"))
    flash("You can log in now.")
    return redirect(url_for("auth.login"))
