"""Deleting an account: everything of the user goes, nobody else's data changes."""

import re
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, REMEMBER_COOKIE, AuthActions, all_at_once, login_client
from photos import jpeg, latest_post, media_files, upload

from flaskgram import comments, follows, likes, saves
from flaskgram.extensions import db
from flaskgram.media import rendition_names
from flaskgram.models import Comment, Follow, Like, Post, PostImage, SavedPost, User, UserSession


def upload_post(app, browser) -> Post:
    response = browser.post_form("/posts/new", {"image": upload(jpeg(800, 600)), "caption": "Up"})
    assert response.status_code == 302
    return latest_post(app)


def media_names(post: Post) -> list[str]:
    """Every file of a post's photos: renditions and kept originals."""
    return [
        name
        for photo in post.images
        for name in (*rendition_names(photo.image_name), photo.original_name)
    ]


@pytest.fixture
def world(app, make_user, make_post):
    """alice and her friends, with posts, files, likes, comments and follows every way."""
    people = {name: make_user(name) for name in ("alice", "bob", "carol", "dave")}
    alice_browser = login_client(app, "alice", remember=True)
    bob_browser = login_client(app, "bob")
    fields = {"display_name": "Alice", "bio": "Bye", "avatar": upload(jpeg(300, 300))}
    assert alice_browser.post_form("/settings/profile", fields).status_code == 302
    alices = [
        upload_post(app, alice_browser),
        upload_post(app, alice_browser),
        make_post(people["alice"], photos=2),
    ]
    bobs = [upload_post(app, bob_browser), make_post(people["bob"])]

    alice, bob, carol, dave = people.values()
    with app.app_context():
        for user, post in [
            (alice, alices[0]),
            (alice, bobs[0]),
            (alice, bobs[1]),
            (bob, alices[0]),
            (bob, bobs[0]),
            (carol, bobs[0]),
            (dave, alices[1]),
        ]:
            likes.like_post(user, db.session.get(Post, post.id))
        for user, post in [
            (alice, alices[0]),
            (alice, bobs[0]),
            (alice, bobs[0]),
            (alice, bobs[1]),
            (bob, alices[0]),
            (bob, bobs[0]),
            (carol, bobs[0]),
            (carol, bobs[1]),
            (dave, alices[1]),
        ]:
            comments.add_comment(user, db.session.get(Post, post.id), f"{user.username} says hi")
        for follower, followee in [
            (alice, bob),
            (alice, carol),
            (bob, alice),
            (dave, alice),
            (carol, bob),
            (bob, carol),
        ]:
            follows.follow(follower, followee)
        for user, post in [(alice, bobs[0]), (bob, alices[0]), (carol, bobs[1])]:
            saves.save_post(user, db.session.get(Post, post.id))
    return {
        "people": people,
        "alice": alice_browser,
        "bob": bob_browser,
        "alice_posts": [p.id for p in alices],
        "bob_posts": [p.id for p in bobs],
        "bob_images": [name for post in bobs for name in media_names(post)],
    }


def snapshot(app) -> dict[str, set]:
    """Every row, without the stored counts (those are checked on their own)."""
    with app.app_context():
        rows = {
            "users": sa.select(
                User.id,
                User.username,
                User.email,
                User.display_name,
                User.bio,
                User.avatar_name,
                User.password_hash,
            ),
            "posts": sa.select(Post.id, Post.user_id, Post.caption),
            "post_images": sa.select(
                PostImage.post_id,
                PostImage.position,
                PostImage.image_name,
                PostImage.original_name,
                PostImage.width,
                PostImage.height,
            ),
            "saved_posts": sa.select(SavedPost.user_id, SavedPost.post_id),
            "likes": sa.select(Like.user_id, Like.post_id),
            "comments": sa.select(Comment.id, Comment.user_id, Comment.post_id, Comment.body),
            "follows": sa.select(Follow.follower_id, Follow.followee_id),
            "sessions": sa.select(UserSession.token, UserSession.user_id),
        }
        return {table: set(db.session.execute(query)) for table, query in rows.items()}


def stored_counts(app) -> dict:
    with app.app_context():
        users = db.session.execute(
            sa.select(User.username, User.post_count, User.follower_count, User.following_count)
        )
        posts = db.session.execute(sa.select(Post.id, Post.like_count, Post.comment_count))
        return {row[0]: tuple(row[1:]) for row in [*users, *posts]}


def true_counts(app) -> dict:
    """The counts worked out from the rows themselves."""

    def count(model, *where):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    with app.app_context():
        counts = {}
        for user in db.session.scalars(sa.select(User)):
            counts[user.username] = (
                count(Post, Post.user_id == user.id),
                count(Follow, Follow.followee_id == user.id),
                count(Follow, Follow.follower_id == user.id),
            )
        for post_id in db.session.scalars(sa.select(Post.id)):
            counts[post_id] = (
                count(Like, Like.post_id == post_id),
                count(Comment, Comment.post_id == post_id),
            )
        return counts


def without_alice(rows: dict[str, set], alice_id: int, alice_posts: list[int]) -> dict[str, set]:
    """What should be left: every row that is not alice's and not on one of her posts."""
    return {
        "users": {r for r in rows["users"] if r.id != alice_id},
        "posts": {r for r in rows["posts"] if r.user_id != alice_id},
        "likes": {
            r for r in rows["likes"] if r.user_id != alice_id and r.post_id not in alice_posts
        },
        "comments": {
            r for r in rows["comments"] if r.user_id != alice_id and r.post_id not in alice_posts
        },
        "follows": {r for r in rows["follows"] if alice_id not in r},
        "post_images": {r for r in rows["post_images"] if r.post_id not in alice_posts},
        "saved_posts": {
            r
            for r in rows["saved_posts"]
            if r.user_id != alice_id and r.post_id not in alice_posts
        },
        "sessions": {r for r in rows["sessions"] if r.user_id != alice_id},
    }


def delete_account(browser, password=PASSWORD):
    return browser.post_form("/settings/delete", {"password": password})


def test_delete_form_is_shown(world):
    """Show a form that asks for the password and says what will go."""
    page = world["alice"].get("/settings/delete")
    assert page.status_code == 200
    assert 'name="password"' in page.text and "can't be undone" in page.text


@pytest.mark.parametrize("password", ["not my password", ""])
def test_wrong_password_deletes_nothing(app, world, password):
    """Refuse a wrong or missing password with 400; every row and file stays."""
    rows, counts, files = snapshot(app), stored_counts(app), media_files(app)

    response = delete_account(world["alice"], password)

    assert response.status_code == 400
    assert ("That isn&#39;t your password." if password else "Enter your password.") in (
        response.text
    )
    assert snapshot(app) == rows
    assert stored_counts(app) == counts
    assert media_files(app) == files
    assert world["alice"].get("/").status_code == 200


def test_delete_without_csrf_token_deletes_nothing(app, world):
    """Refuse a POST without a CSRF token; nothing is deleted."""
    rows = snapshot(app)
    assert world["alice"].post("/settings/delete", data={"password": PASSWORD}).status_code == 400
    assert snapshot(app) == rows


def test_delete_removes_everything_of_the_user_and_nothing_else(app, world):
    """Case 40: Remove the user's posts, comments, likes, follows both ways, sessions and files."""
    alice_id = world["people"]["alice"].id
    bob_post = world["bob_posts"][0]
    assert stored_counts(app) == true_counts(app)  # the setup itself is consistent
    expected = without_alice(snapshot(app), alice_id, world["alice_posts"])
    bob_files = sorted(world["bob_images"])
    # alice: 4 photos of 3 files each (renditions and original) and an avatar of 2; bob: 2.
    assert len(media_files(app)) == 20 and set(bob_files) < set(media_files(app))

    response = delete_account(world["alice"])

    assert response.status_code == 302
    assert response.headers["Location"] == "/signup"
    assert snapshot(app) == expected
    assert stored_counts(app) == true_counts(app)
    assert stored_counts(app) == {
        "bob": (2, 1, 1),
        "carol": (0, 1, 1),
        "dave": (0, 0, 0),
        bob_post: (2, 2),
        world["bob_posts"][1]: (0, 1),
    }
    assert media_files(app) == bob_files
    assert world["bob"].get(f"/p/{bob_post}").status_code == 200


def test_deleted_account_is_logged_out_everywhere(app, world):
    """End the deleting browser's session and its remember-me cookie; alice can't log in.

    Case 15.
    """
    remember = world["alice"].get_cookie(REMEMBER_COOKIE).value
    other = login_client(app, "alice")

    delete_account(world["alice"])

    assert world["alice"].get("/").status_code == 302
    assert other.get("/").status_code == 302
    replay = app.test_client()
    replay.set_cookie(REMEMBER_COOKIE, remember)
    assert replay.get("/").status_code == 302
    assert AuthActions(app.test_client()).login("alice").status_code == 400
    assert world["bob"].get("/u/alice").status_code == 404
    assert world["bob"].get("/").status_code == 200


def test_username_is_free_again_after_deletion(app, world):
    """Let someone sign up with the deleted account's username and email."""
    delete_account(world["alice"])
    fresh = app.test_client()
    assert AuthActions(fresh).signup("alice").status_code == 302
    assert "<strong>0</strong> posts" in fresh.get("/u/alice").text


ROUNDS = 10


def test_case_40_uploads_racing_the_deletion_leave_no_file_or_row(app, make_user, row_count):
    """An upload that commits while the account is deleted loses no file and gets no 500.

    Each round, two uploads and the deletion of their account start at once. An upload
    either commits first (the deletion collects its files) or finds the account gone
    (its own files are removed, and it is sent to the login page).
    """
    for round_ in range(ROUNDS):
        name = f"racer{round_}"
        make_user(name)
        uploaders = [login_client(app, name) for _ in range(2)]
        deleter = login_client(app, name)

        def upload_photo(browser, colour):
            fields = {"image": upload(jpeg(320, 240, colour)), "caption": "Racing"}
            return browser.post_form("/posts/new", fields)

        responses = all_at_once(
            [
                partial(upload_photo, uploaders[0], "red"),
                partial(upload_photo, uploaders[1], "blue"),
                partial(delete_account, deleter),
            ]
        )

        *uploads, deletion = responses
        assert deletion.status_code == 302 and deletion.headers["Location"] == "/signup"
        for response in uploads:
            assert response.status_code == 302, response
            assert re.fullmatch(r"/p/\d+|/login(\?.*)?", response.headers["Location"])
        assert row_count(User, User.username == name) == 0
        assert row_count(Post) == 0
        assert media_files(app) == []
