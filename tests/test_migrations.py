"""Alembic revisions: they build the models' schema, and they go down and up again."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import IMAGE
from flask_migrate import downgrade, upgrade

from flaskgram import comments, likes, saves, search
from flaskgram.extensions import db
from flaskgram.models import Comment, Like, Notification, Post, PostImage, SavedPost


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": search.include_object}
        )
        return compare_metadata(context, db.metadata)


def test_revisions_match_the_models(app):
    assert schema_differences(app) == []


def test_revisions_go_down_and_up_again(app):
    with app.app_context():
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
    assert schema_differences(app) == []


def test_accented_emails_are_different_addresses_on_every_database(make_user, auth):
    """SECURITY.md issue 6: "müller" and "muller" are two addresses on SQLite and MariaDB."""
    make_user("muller", email="muller@example.com")
    response = auth.signup("mueller", email="müller@example.com")
    assert response.status_code == 302, response.text


def rows(statement: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(sa.text(statement))]


def test_photos_and_their_posts_survive_0005_down_and_up(
    app, make_user, make_post, make_unfetched_post
):
    """Revision 0005 moves each post's picture into post_images, and back: names, sizes,
    alt texts, addresses and everything that points at posts stay; a post of several
    photos keeps its first on the way down."""
    alice = make_user("alice")
    several = make_post(alice, photos=3, alt_text="Beach")
    by_address = make_unfetched_post(alice, alt_text="Far away")
    first = several.images[0]
    with app.app_context():
        likes.like_post(alice, several)
        comments.add_comment(alice, several, "Nice")
        saves.save_post(alice, several)
        db.session.remove()  # no open transaction holds the tables (MariaDB's metadata locks)

        downgrade(revision="0004")
        assert rows(
            "SELECT id, image_name, image_url, image_width, image_height, alt_text FROM posts"
            " ORDER BY id"
        ) == [
            (several.id, first.image_name, None, first.width, first.height, "Beach"),
            (by_address.id, None, IMAGE, None, None, "Far away"),
        ]
        assert "post_images" not in sa.inspect(db.engine).get_table_names()
        assert rows("SELECT post_id FROM likes") == [(several.id,)]
        assert rows("SELECT post_id, body FROM comments") == [(several.id, "Nice")]
        db.session.remove()

        upgrade()
        assert rows(
            "SELECT post_id, position, image_name, remote_url, width, height, alt_text,"
            " original_name FROM post_images ORDER BY post_id"
        ) == [
            (several.id, 1, first.image_name, None, first.width, first.height, "Beach", None),
            (by_address.id, 1, None, IMAGE, None, None, "Far away", None),
        ]
        assert rows("SELECT post_id FROM likes") == [(several.id,)]
        assert rows("SELECT count(*) FROM saved_posts") == [(0,)]  # saves go with 0005
    assert schema_differences(app) == []


def test_0006_makes_the_oldest_account_admin_and_keeps_everyone_active(app, make_user):
    """Revision 0006: an upgraded site has an admin (its oldest account) and no one locked out."""
    make_user("zoe")  # the oldest
    make_user("adam")
    with app.app_context():
        db.session.execute(sa.text("UPDATE users SET is_admin = 0"))
        db.session.execute(sa.text("UPDATE users SET status = 'disabled' WHERE username = 'adam'"))
        db.session.commit()
        db.session.remove()

        downgrade(revision="0005")
        tables = sa.inspect(db.engine).get_table_names()
        assert "invitations" not in tables and "admin_actions" not in tables
        db.session.remove()

        upgrade()
        assert rows("SELECT username, is_admin, status FROM users ORDER BY id") == [
            ("zoe", 1, "active"),
            ("adam", 0, "active"),
        ]
    assert schema_differences(app) == []


def test_ids_past_32_bits_work_on_every_database(app, make_user, auth, client, scalar):
    """Revision 0009: a post, its photo, comments, saves and notifications with ids past a
    32-bit id's end (2,147,483,647) are stored, shown and pointed at like any other."""
    bob = make_user("bob")
    make_user("alice")
    big = 2**31 + 7
    with app.app_context():
        post = Post(id=big, user_id=bob.id, caption="Far out")
        post.images = [PostImage(id=big, position=1, remote_url=IMAGE)]
        db.session.add(post)
        db.session.commit()

    auth.login("alice")
    assert client.post_form(f"/p/{big}/like").status_code == 302
    assert client.post_form(f"/p/{big}/save").status_code == 302
    assert client.post_form(f"/p/{big}/comments", {"body": "Still here"}).status_code == 302
    page = client.get(f"/p/{big}")

    assert page.status_code == 200
    assert "Far out" in page.text and "Still here" in page.text
    assert scalar(sa.select(Like.post_id)) == big
    assert scalar(sa.select(SavedPost.post_id)) == big
    assert scalar(sa.select(Comment.post_id)) == big
    told = sa.select(sa.func.count()).where(Notification.post_id == big)
    assert scalar(told) == 2  # bob was told of the like and the comment
