"""Explore: recent popular posts by people you don't follow, cheaply, cursor paged."""

import re
from datetime import timedelta

import sqlalchemy as sa
from api_client import api_login

from flaskgram.models import Post, utcnow

GRID_LINKS = re.compile(r'<li><a class="photo-link" href="/p/(\d+)">')


def explored(client, path="/explore") -> list[int]:
    page = client.get(path)
    assert page.status_code == 200
    return [int(found) for found in GRID_LINKS.findall(page.text)]


def set_likes(app, post, likes: int, days_ago: int | None = None):
    from flaskgram.extensions import db

    changes: dict = {"like_count": likes}
    if days_ago is not None:
        changes["created_at"] = utcnow() - timedelta(days=days_ago)
    with app.app_context():
        db.session.execute(sa.update(Post).where(Post.id == post.id).values(changes))
        db.session.commit()


def test_popular_recent_posts_of_people_you_dont_follow(
    app, client, logged_in, make_user, make_post
):
    bob, carol = make_user("bob"), make_user("carol")
    own = make_post(logged_in)
    followed = make_post(bob)
    quiet, popular, old = make_post(carol), make_post(carol), make_post(carol)
    set_likes(app, own, 50), set_likes(app, followed, 40)
    set_likes(app, quiet, 1), set_likes(app, popular, 9), set_likes(app, old, 99, days_ago=30)
    client.post_form("/u/bob/follow")
    assert explored(client) == [popular.id, quiet.id]


def test_explore_is_cursor_paged_and_costs_the_same(
    app, client, logged_in, make_user, make_post, count_queries
):
    app.config["POSTS_PER_PAGE"] = 3
    bob = make_user("bob")
    posts = [make_post(bob) for _ in range(2)]
    client.get("/explore")
    with count_queries() as few:
        client.get("/explore")
    posts += [make_post(bob) for _ in range(5)]
    for likes, post in enumerate(posts):
        set_likes(app, post, likes % 3)
    with count_queries() as many:
        first = client.get("/explore")
    assert len(many) == len(few)
    ranked = [p.id for p in sorted(posts, key=lambda p: (posts.index(p) % 3, p.id), reverse=True)]
    assert [int(i) for i in GRID_LINKS.findall(first.text)] == ranked[:3]
    more = re.search(r'href="(/explore\?after=[^"]+)"', first.text).group(1)
    assert explored(client, more) == ranked[3:6]
    assert client.get("/explore?after=nonsense").status_code == 200


def test_the_api_explores_too(app, logged_in, make_user, make_post):
    bob = make_user("bob")
    posts = [make_post(bob) for _ in range(3)]
    set_likes(app, posts[0], 5)
    api = api_login(app, "alice")
    body = api.get("/explore", query_string={"limit": 2}).json
    assert [item["id"] for item in body["items"]] == [posts[0].id, posts[2].id]
    rest = api.get("/explore", query_string={"cursor": body["next_cursor"]}).json
    assert [item["id"] for item in rest["items"]] == [posts[1].id]
    assert rest["next_cursor"] is None
