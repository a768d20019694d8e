"""Profiles, follower lists, and following people."""

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import accounts, feeds, follows, rate_limits
from ..models import User
from ..security import safe_next_url

bp = Blueprint("users", __name__, url_prefix="/u")

PEOPLE_PER_PAGE = 50


def user_or_404(username: str) -> User:
    return accounts.user_named(username) or abort(404)


@bp.get("/<username>")
def profile(username: str):
    user = user_or_404(username)
    before = request.args.get("before", type=int)
    size = current_app.config["POSTS_PER_PAGE"]
    page = feeds.page_of(feeds.posts_by(user, current_user), before, size)
    return render_template(
        "users/profile.html",
        user=user,
        posts=page.posts,
        next_cursor=page.next_cursor,
        is_me=user.id == current_user.id,
        following=follows.is_following(current_user, user),
    )


def render_people(user: User, query: sa.Select, title: str):
    page = feeds.people_page(query, request.args.get("after", ""), PEOPLE_PER_PAGE)
    return render_template(
        "users/people.html",
        user=user,
        people=page.people,
        title=title,
        next_after=page.next_after,
        followed=follows.following_ids(current_user, [person.id for person in page.people]),
    )


@bp.get("/<username>/followers")
def followers(username: str):
    user = user_or_404(username)
    return render_people(user, follows.followers_of(user), f"People following {user.username}")


@bp.get("/<username>/following")
def following(username: str):
    user = user_or_404(username)
    return render_people(user, follows.followed_by(user), f"People {user.username} follows")


def back_to_profile(user: User) -> str:
    return safe_next_url(
        request.form.get("next"), url_for("users.profile", username=user.username)
    )


@bp.post("/<username>/follow")
@rate_limits.follows
def follow(username: str):
    user = user_or_404(username)
    follows.follow(current_user, user)  # following yourself is a 400 page (errors.py)
    return redirect(back_to_profile(user))


@bp.post("/<username>/unfollow")
@rate_limits.follows
def unfollow(username: str):
    user = user_or_404(username)
    follows.unfollow(current_user, user)
    flash(f"You unfollowed {user.username}.")
    return redirect(back_to_profile(user))
