"""The admin's list of people, and what an admin can do to an account."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ... import admin_people
from ...problems import Problem
from ...security import safe_next_url
from . import bp

PAGE_SIZE = 50
# The buttons of a person's row: the rule each calls, and what the page says after.
ACTIONS = {
    "approve": (admin_people.approve, "{} can now log in."),
    "disable": (admin_people.disable, "{} is disabled and logged out everywhere."),
    "enable": (admin_people.enable, "{} can log in again."),
    "make-admin": (admin_people.make_admin, "{} is now an admin."),
    "remove-admin": (admin_people.remove_admin, "{} is no longer an admin."),
}


@bp.get("/people")
def people():
    query = request.args.get("q", "")[:254]
    after = request.args.get("after", "")[:30]
    page = admin_people.search(query, after, PAGE_SIZE)
    return render_template("admin/people.html", page=page, query=query, actions=ACTIONS)


def back_to_people() -> str:
    return safe_next_url(request.form.get("next"), default=url_for("admin.people"))


@bp.post("/people/<username>/<any(approve, disable, enable, 'make-admin', 'remove-admin'):action>")
def act(username, action):
    person = admin_people.person_named(username)
    rule, done = ACTIONS[action]
    rule(current_user, person)
    flash(done.format(person.username))
    return redirect(back_to_people())


@bp.post("/people/<username>/reset-link")
def reset_link(username):
    """Show a new one-time reset link once; it is never stored or sent anywhere else."""
    person = admin_people.person_named(username)
    try:
        link = admin_people.reset_link(current_user, person)
    except Problem as problem:
        flash(str(problem))
        return redirect(back_to_people())
    response = make_response(render_template("admin/reset_link.html", person=person, link=link))
    response.headers["Cache-Control"] = "no-store"  # the page holds a working secret
    return response


@bp.route("/people/<username>/delete", methods=["GET", "POST"])
def delete(username):
    """Ask first; then delete the account with all its posts, photos and comments."""
    person = admin_people.person_named(username)
    if request.method == "GET":
        return render_template("admin/delete.html", person=person)
    name = person.username
    admin_people.delete(current_user, person)
    flash(f"{name} and everything in their account have been deleted.")
    return redirect(url_for("admin.people"))
