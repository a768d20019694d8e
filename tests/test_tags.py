"""Hashtags: stored normalised on create and edit, with counts; a cursor-paged tag page."""

import re

import pytest
import sqlalchemy as sa
from api_client import api_login
from conftest import login_client, new_post, post_id_of

from flaskgram.models import PostTag, Tag

GRID_LINKS = re.compile(r'<li><a class="photo-link" href="/p/(\d+)">')


def tag_counts(app) -> dict[str, int]:
    from flaskgram.extensions import db

    with app.app_context():
        return dict(db.session.execute(sa.select(Tag.name, Tag.post_count)).all())


def test_tags_are_stored_normalised_and_link_to_their_page(app, client, logged_in):
    post_id = post_id_of(
        new_post(client, caption="#Sunset #SUNSET #Café #\uff46\uff55\uff4c\uff4c and#not")
    )
    assert tag_counts(app) == {"sunset": 1, "café": 1, "full": 1}
    page = client.get(f"/p/{post_id}").text
    assert '<a class="hashtag" href="/tags/sunset">#Sunset</a>' in page
    assert '<a class="hashtag" href="/tags/caf%C3%A9">#Café</a>' in page
    for path in ("/tags/sunset", "/tags/SUNSET", "/tags/CAF%C3%89"):
        tag_page = client.get(path)
        assert tag_page.status_code == 200, path
        assert GRID_LINKS.findall(tag_page.text) == [str(post_id)]
    assert "1 post<" in client.get("/tags/sunset").text
    assert client.get("/tags/nothing").status_code == 404


def test_editing_and_deleting_keep_the_counts(app, client, logged_in, row_count):
    first = post_id_of(new_post(client, caption="#a1 #b2"))
    second = post_id_of(new_post(client, caption="#a1"))
    assert tag_counts(app) == {"a1": 2, "b2": 1}
    client.post_form(f"/p/{first}/edit", {"caption": "#b2 #c3", "alt_text": ""})
    assert tag_counts(app) == {"a1": 1, "b2": 1, "c3": 1}
    assert row_count(PostTag) == 3
    client.post_form(f"/p/{second}/delete")
    assert tag_counts(app) == {"a1": 0, "b2": 1, "c3": 1}
    client.post_form("/settings/delete", {"password": "correct horse battery"})
    assert tag_counts(app) == {"a1": 0, "b2": 0, "c3": 0}


def test_the_tag_page_is_newest_first_cursor_paged_and_costs_the_same(
    app, client, logged_in, make_user, make_post, count_queries
):
    app.config["POSTS_PER_PAGE"] = 3
    bob = make_user("bob")
    ids = [make_post(bob, caption=f"#beach day {n}").id for n in range(2)]
    client.get("/tags/beach")
    with count_queries() as few:
        client.get("/tags/beach")
    ids += [make_post(bob, caption="#beach again").id for _ in range(5)]
    with count_queries() as many:
        first = client.get("/tags/beach")
    assert len(many) == len(few)
    assert GRID_LINKS.findall(first.text) == [str(i) for i in ids[::-1][:3]]
    older = re.search(r'href="(/tags/beach\?before=\d+)"', first.text).group(1)
    assert GRID_LINKS.findall(client.get(older).text) == [str(i) for i in ids[::-1][3:6]]
    assert "7 posts" in first.text


def test_script_in_tags_is_escaped(app, client, logged_in):
    """SECURITY.md case 62: a tag page's name and a tag-looking script are shown escaped."""
    new_post(client, caption="#ok<script>alert(1)</script>")
    page = client.get("/tags/ok")
    assert page.status_code == 200 and "<script>alert" not in page.text
    bad = client.get("/tags/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert bad.status_code == 404 and "<script>alert" not in bad.text


def test_the_api_gives_a_tag_with_its_posts(app, client, logged_in, make_user):
    post_id = post_id_of(new_post(client, caption="#Dogs rule"))
    api = api_login(app, "alice")
    body = api.get("/tags/DOGS").json
    assert body["tag"] == {"name": "dogs", "post_count": 1}
    assert [item["id"] for item in body["items"]] == [post_id]
    assert body["next_cursor"] is None
    assert api.get("/tags/cats").status_code == 404
    login_client(app, "alice")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # MariaDB: bench/explain.py
def test_a_tag_page_reads_its_index_in_order_without_sorting(app, make_user):
    """SQLite's plan for a tag's page walks ix_post_tags_tag_id_post_id backwards and stops
    at the page, with or without a cursor, instead of sorting every post with the tag
    (2 s for a tag on a million posts)."""
    from flaskgram import tags
    from flaskgram.extensions import db

    alice = make_user("alice")
    with app.app_context():
        db.session.add(Tag(name="sea"))
        db.session.commit()
        tag = tags.tag_named("sea")
        for query in (
            tags.tagged_posts(tag, alice),
            tags.tagged_posts(tag, alice).where(sa.literal_column("posts.id") < 10),
        ):
            sql = str(query.limit(21).compile(db.engine, compile_kwargs={"literal_binds": True}))
            plan = " ".join(
                row[3] for row in db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {sql}"))
            )
            assert "ix_post_tags_tag_id_post_id" in plan
            assert "TEMP B-TREE" not in plan, plan
