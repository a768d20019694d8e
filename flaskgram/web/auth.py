"""Sign up, log in and log out."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from .. import accounts, invitations, rate_limits, registration, roles, sessions
from ..extensions import login_manager
from ..problems import Problem
from ..recovery import emails
from ..security import public, safe_next_url
from .forms import LoginForm, SignupForm, form_page, show_problem, status_of

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_token: str):
    return sessions.user_for(session_token)


def begin_login(user, remember: bool = False) -> None:
    """Log the user in under a fresh session, so nothing set before login survives."""
    session.clear()
    sessions.start(user)
    login_user(user, remember=remember)


def signup_page(form: SignupForm) -> str:
    """The signup form; with an invitation, who sent it (a bad one raises its 404 or 410)."""
    invitation = form.invitation.data or None
    inviter = invitations.inviter_of(invitations.find(invitation)) if invitation else None
    return render_template("auth/signup.html", form=form, inviter=inviter, signup_offered=True)


def signup_refused(problem: Problem):
    """The page for a site where this visitor can't sign up: closed, or invitation only."""
    page = render_template("auth/signup_refused.html", message=str(problem), signup_offered=False)
    return page, problem.status


@bp.route("/signup", methods=["GET", "POST"])
@public
@rate_limits.signups
@form_page(SignupForm, signup_page)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("posts.feed"))
    form = SignupForm()
    try:
        registration.check_open(registration.current_mode(), form.invitation.data)
    except Problem as problem:
        return signup_refused(problem)
    if not form.validate_on_submit():
        return signup_page(form), status_of(form)
    try:
        user = registration.sign_up(
            form.username.data,
            form.email.data,
            form.password.data,
            invitation_token=form.invitation.data or None,
        )
    except (invitations.UnknownInvitation, invitations.InvitationGone):
        raise  # the error page: the invitation itself is the problem, not a field
    except Problem as problem:
        return show_problem(form, problem, signup_page)
    must_confirm = emails.after_signup(user)  # mails the address check, if the site asks
    if user.status == roles.PENDING:
        page = render_template("auth/pending.html", user=user, signup_offered=True)
        return page, 202
    if must_confirm:  # the address must be confirmed before logging in
        flash(f"Welcome, {user.username}! We sent a link to {user.email}: follow it to log in.")
        return redirect(url_for("auth.login"))
    begin_login(user)
    flash(f"Welcome to Flaskgram, {user.username}!")
    return redirect(url_for("posts.feed"))


@bp.get("/invite/<token>")
@public
def invite(token):
    """An invitation link: the signup form with the invitation applied."""
    if current_user.is_authenticated:
        flash("You already have an account: you're logged in.")
        return redirect(url_for("posts.feed"))
    if registration.current_mode() == registration.CLOSED:
        return signup_refused(registration.SignupClosed())
    invitations.find(token)  # 404 unknown; 410 expired, used up or withdrawn
    return signup_page(SignupForm(invitation=token))


def login_page(form: LoginForm) -> str:
    offered = registration.signup_offered()
    return render_template("auth/login.html", form=form, signup_offered=offered)


@bp.route("/login", methods=["GET", "POST"])
@public
@rate_limits.failed_logins
@form_page(LoginForm, login_page)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated:
        return redirect(safe_next_url(form.next.data))
    if not form.validate_on_submit():
        return login_page(form), status_of(form)
    try:
        user = accounts.authenticate(
            form.username.data, form.password.data, client=request.remote_addr or ""
        )
        emails.check_may_log_in(user)
    except Problem as problem:  # wrong credentials, or too many failures
        return show_problem(form, problem, login_page)
    begin_login(user, remember=form.remember.data)
    return redirect(safe_next_url(form.next.data))


@bp.post("/logout")
def logout():
    sessions.end(current_user.session_token)
    session.clear()
    logout_user()  # after clear(): it leaves the note that deletes the remember cookie
    flash("You have been logged out.")
    return redirect(url_for("auth.login"))
