"""You, other people's profiles and lists, and following."""

from sqlalchemy.orm import selectinload

from .. import accounts, feeds, follows, rate_limits, roles
from ..extensions import db
from ..models import Post, User
from . import bp, caller, schemas, serialize
from .errors import fail
from .posts import post_page


def me_json(user: User) -> dict:
    return {
        **serialize.profile_of(user, followed_by_me=False),
        "email": user.email,
        "unread_notifications": user.unread_notification_count,
        "is_admin": roles.is_admin(user),
    }


def user_or_404(username: str) -> User:
    return accounts.user_named(username) or fail(404, "There is nobody with that username.")


def profile_json(user: User) -> dict:
    viewer = caller()
    followed = user.id != viewer.id and follows.is_following(viewer, user)
    return serialize.profile_of(user, followed_by_me=followed)


def people_page(query, args) -> dict:
    page = feeds.people_page(query, args.get("after", ""), args["limit"])
    followed = follows.following_ids(caller(), [person.id for person in page.people])
    items = [
        serialize.profile_of(person, followed_by_me=person.id in followed)
        for person in page.people
    ]
    return {"items": items, "next_cursor": page.next_after}


@bp.route("/me", methods=["GET"], tags=["me"])
@bp.response(200, schemas.Me)
def me():
    """Your own profile, with your email address."""
    return me_json(caller())


@bp.route("/me", methods=["PATCH"], tags=["me"])
@rate_limits.settings_changes
@bp.arguments(schemas.ProfileChanges)
@bp.response(200, schemas.Me)
def edit_me(changes):
    """Change your display name or bio."""
    user = caller()
    accounts.update_profile(
        user,
        display_name=changes.get("display_name", user.display_name),
        bio=changes.get("bio", user.bio),
    )
    return me_json(user)


@bp.route("/users/<username>", methods=["GET"], tags=["users"])
@bp.response(200, schemas.Profile)
def user(username):
    """Someone's profile, with counts and whether you follow them."""
    return profile_json(user_or_404(username))


@bp.route("/users/<username>/posts", methods=["GET"], tags=["users"])
@bp.arguments(schemas.PostPageArgs, location="query")
@bp.response(200, schemas.PostPage)
def user_posts(args, username):
    """Someone's posts, newest first."""
    user = user_or_404(username)
    query = feeds.posts_by(user, caller()).options(selectinload(Post.author))
    return post_page(query, args)


@bp.route("/users/<username>/followers", methods=["GET"], tags=["users"])
@bp.arguments(schemas.PeoplePageArgs, location="query")
@bp.response(200, schemas.PeoplePage)
def followers(args, username):
    """The people following someone, by username."""
    return people_page(follows.followers_of(user_or_404(username)), args)


@bp.route("/users/<username>/following", methods=["GET"], tags=["users"])
@bp.arguments(schemas.PeoplePageArgs, location="query")
@bp.response(200, schemas.PeoplePage)
def following(args, username):
    """The people someone follows, by username."""
    return people_page(follows.followed_by(user_or_404(username)), args)


@bp.route("/users/<username>/follow", methods=["PUT"], tags=["users"])
@rate_limits.follows
@bp.response(200, schemas.Profile)
def follow(username):
    """Follow someone; following them again changes nothing."""
    user = user_or_404(username)
    follows.follow(caller(), user)
    return profile_json(fresh_counts(user))


@bp.route("/users/<username>/follow", methods=["DELETE"], tags=["users"])
@rate_limits.follows
@bp.response(200, schemas.Profile)
def unfollow(username):
    """Stop following someone; doing it again changes nothing."""
    user = user_or_404(username)
    follows.unfollow(caller(), user)
    return profile_json(fresh_counts(user))


def fresh_counts(user: User) -> User:
    """Re-read the counts a rule changed in SQL (the loaded user still has the old ones)."""
    db.session.refresh(user, ["follower_count", "following_count", "post_count"])
    return user
