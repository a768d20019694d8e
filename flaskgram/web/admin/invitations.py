"""The admin's invitation links: make one, see who used which, withdraw one."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import invitations as invitation_rules
from ...problems import Problem
from ..forms import form_page, show_problem, status_of
from . import bp
from .forms import InvitationForm

PAGE_SIZE = 50


def invitations_page(form: InvitationForm, new_link: str | None = None) -> str:
    before = request.args.get("before", type=int)
    page = invitation_rules.invitation_page(before, PAGE_SIZE)
    return render_template("admin/invitations.html", form=form, page=page, new_link=new_link)


@bp.route("/invitations", methods=["GET", "POST"])
@form_page(InvitationForm, invitations_page)
def invitations():
    form = InvitationForm()
    if not form.validate_on_submit():
        return invitations_page(form), status_of(form)
    try:
        token = invitation_rules.create(
            current_user,
            max_uses=form.max_uses.data,
            expires_in_days=form.expires_in_days.data,
            note=form.note.data or "",
        )
    except Problem as problem:
        return show_problem(form, problem, invitations_page)
    # Shown once, on this answer: only its hash is kept, so no page can show it again.
    return invitations_page(
        InvitationForm(formdata=None), new_link=invitation_rules.link(token)
    ), 201


@bp.post("/invitations/<id:invitation_id>/revoke")
def revoke(invitation_id):
    invitation_rules.revoke(current_user, invitation_id)
    flash("The invitation is withdrawn: its link no longer works.")
    return redirect(url_for("admin.invitations"))
