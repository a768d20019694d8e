"""Revision 0008 stores the hashtags and fills the search index of posts made before it."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from test_migrations import rows, schema_differences

from flaskgram import search
from flaskgram.extensions import db
from flaskgram.models import User


def test_existing_captions_get_their_tags_and_are_searchable(app, make_user, make_post):
    alice = make_user("alice")
    first = make_post(alice, caption="#Beach day #SUN")
    second = make_post(alice, caption="Another #beach, by the harbour")
    make_post(alice, caption="no tags here")
    with app.app_context():
        db.session.remove()  # no open transaction holds the tables (MariaDB's metadata locks)
        downgrade(revision="0005")
        assert "tags" not in sa.inspect(db.engine).get_table_names()
        db.session.remove()
        upgrade()
        assert rows("SELECT name, post_count FROM tags ORDER BY name") == [
            ("beach", 2),
            ("sun", 1),
        ]
        assert rows("SELECT post_id FROM post_tags ORDER BY post_id, tag_id") == [
            (first.id,),
            (first.id,),
            (second.id,),
        ]
        viewer = db.session.get(User, alice.id)
        assert [p.id for p in search.posts(viewer, "harbour", None, 10).posts] == [second.id]
        assert rows("SELECT unread_notification_count, notify_likes FROM users") == [(0, 1)]
        db.session.remove()
    assert schema_differences(app) == []
