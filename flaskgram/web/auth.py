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

from .. import accounts, rate_limits, sessions
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
    return render_template("auth/signup.html", form=form)


@bp.route("/signup", methods=["GET", "POST"])
@public
@rate_limits.signups
@form_page(SignupForm, signup_page)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("posts.feed"))
    form = SignupForm()
    if not form.validate_on_submit():
        return signup_page(form), status_of(form)
    try:
        user = accounts.create_user(form.username.data, form.email.data, form.password.data)
    except Problem as problem:
        return show_problem(form, problem, signup_page)
    if emails.after_signup(user):  # the address must be confirmed before logging in
        flash(f"Welcome, {user.username}! We sent a link to {user.email}: follow it to log in.")
        return redirect(url_for("auth.login"))
    begin_login(user)
    flash(f"Welcome to Flaskgram, {user.username}!")
    return redirect(url_for("posts.feed"))


def login_page(form: LoginForm) -> str:
    return render_template("auth/login.html", form=form)


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
