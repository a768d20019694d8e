"""The feeds: order, cursor pages, what a card shows, and a query count that does not grow."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import card_ids, stored_post

from flaskgram import comments, follows, likes, saves
from flaskgram.extensions import db
from flaskgram.models import Post, utcnow

JUST_NOW = re.compile(r'<time datetime="[^"]+" title="[^"]+">(now|a second ago|\d+ seconds ago)<')
OLDER_LINK = re.compile(
    r'<a class="button" href="(/(?:following)?\?before=(\d+))">Older posts</a>'
)


def card_of(page, post_id: int) -> str:
    """The HTML of one post's card on a feed page."""
    found = re.search(rf'<article class="card" id="post-{post_id}">.*?</article>', page.text, re.S)
    assert found, f"no card for post {post_id}"
    return found.group(0)


@pytest.fixture
def users(make_user):
    """alice (logged in by the tests that need it), bob, carol and dave."""
    return {name: make_user(name) for name in ("alice", "bob", "carol", "dave")}


@pytest.fixture
def busy_posts(app, users):
    """Make posts by bob, carol and dave, each liked and commented on by several people;
    every other one has two photos, and every third one alice saved."""

    def make(count: int) -> list[Post]:
        authors = [users["bob"], users["carol"], users["dave"]]
        posts = []
        with app.app_context():
            for n in range(count):
                post = stored_post(authors[n % 3], caption=f"Post {n}", photos=1 + n % 2)
                if n % 3 == 0:
                    saves.save_post(users["alice"], post)
                for fan in ("bob", "carol", "dave", "alice")[: 2 + n % 3]:
                    likes.like_post(users[fan], post)
                for writer in ("carol", "dave", "bob"):
                    comments.add_comment(users[writer], post, f"{writer} on {n}")
                posts.append(post)
        return posts

    return make


def test_feed_is_newest_first(client, logged_in, make_post):
    """Posts appear newest first."""
    posts = [make_post(logged_in, caption=f"Number {n}") for n in range(3)]
    assert card_ids(client.get("/")) == [post.id for post in reversed(posts)]


def test_feed_pages_by_cursor(app, client, logged_in):
    """20 posts a page, an "Older posts" link with ?before=, no duplicates or gaps."""
    with app.app_context():
        ids = [stored_post(logged_in, caption=f"P{n}").id for n in range(45)]
    newest_first = sorted(ids, reverse=True)
    seen, path = [], "/"
    for expected in (newest_first[:20], newest_first[20:40], newest_first[40:]):
        page = client.get(path)
        assert card_ids(page) == expected
        seen += expected
        link = OLDER_LINK.search(page.text)
        if len(seen) < 45:
            assert link and int(link.group(2)) == expected[-1]
            path = link.group(1)
        else:
            assert link is None and "Older posts" not in page.text
    assert seen == newest_first


def test_page_of_exactly_twenty_has_no_older_link(client, logged_in, make_post):
    """With exactly one page of posts there is nothing older to link to."""
    for n in range(20):
        make_post(logged_in, caption=f"P{n}")
    page = client.get("/")
    assert len(card_ids(page)) == 20 and "Older posts" not in page.text


def test_new_post_between_pages_causes_no_duplicates(client, logged_in, make_post):
    """A post made while someone reads page 1 does not push a post onto page 2 twice."""
    posts = [make_post(logged_in, caption=f"P{n}") for n in range(25)]
    first = client.get("/")
    make_post(logged_in, caption="Brand new")
    second = client.get(OLDER_LINK.search(first.text).group(1))
    assert card_ids(second) == [post.id for post in reversed(posts[:5])]
    assert not set(card_ids(first)) & set(card_ids(second))


@pytest.mark.parametrize("before", ["abc", "-1", "0", "9" * 20, "-" + "9" * 20])
def test_odd_cursors_never_fail(client, logged_in, make_post, before):
    """A cursor that is not a post id gives a page (perhaps empty), never an error."""
    make_post(logged_in)
    assert client.get(f"/?before={before}").status_code == 200


@pytest.mark.parametrize(
    "path, message",
    [
        ("/", "No posts yet"),
        ("/following", "Nothing here yet"),
        ("/?before=1", "That's everything"),
    ],
)
def test_empty_states(client, logged_in, path, message):
    """An empty feed explains itself and offers the next step."""
    page = client.get(path)
    assert page.status_code == 200 and message in page.text
    assert card_ids(page) == []


def test_anonymous_visitors_are_sent_to_login(client):
    """The feeds need a login."""
    for path in ("/", "/following"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_card_shows_author_image_caption_time_and_counts(client, auth, busy_posts):
    """A card has the author linked, the image, caption, time, counts and latest comments."""
    auth.login("alice")
    post = busy_posts(1)[0]  # by bob; liked by bob and carol; comments by carol, dave, bob
    card = card_of(client.get("/"), post.id)
    assert '<a class="username" href="/u/bob">bob</a>' in card
    assert f'src="/media/{post.images[0].image_name}"' in card and "Post 0" in card
    assert JUST_NOW.search(card)
    assert "<span data-like-count>2</span> likes" in card
    assert "View all 3 comments" in card
    assert "carol on 0" not in card  # only the latest two comments
    assert card.index("dave on 0") < card.index("bob on 0")
    assert f'action="/p/{post.id}/like"' in card and 'aria-pressed="false"' in card


def test_card_shows_liked_by_me(client, auth, busy_posts):
    """A post the viewer liked shows a pressed heart that unlikes; one they didn't, not."""
    auth.login("alice")
    liked, not_liked = busy_posts(3)[2], busy_posts(1)[0]  # post 2 has alice among its fans
    page = client.get("/")
    assert 'aria-pressed="true"' in card_of(page, liked.id)
    assert f'action="/p/{liked.id}/unlike"' in card_of(page, liked.id)
    assert 'aria-pressed="false"' in card_of(page, not_liked.id)
    assert "<span data-like-count>4</span> likes" in card_of(page, liked.id)


def test_card_with_few_comments_has_no_view_all_link(client, logged_in, make_post, app):
    """One like and one comment read as "1 like" and the comment itself."""
    post = make_post(logged_in)
    with app.app_context():
        likes.like_post(logged_in, post)
        comments.add_comment(logged_in, post, "First!")
    card = card_of(client.get("/"), post.id)
    assert "<span data-like-count>1</span> like</p>" in card
    assert "First!" in card and "View all" not in card


def test_card_time_is_relative(app, client, logged_in, make_post):
    """A post from two days ago says so, with the exact time in the title."""
    post = make_post(logged_in)
    with app.app_context():
        two_days_ago = utcnow() - timedelta(days=2)
        db.session.execute(
            sa.update(Post).where(Post.id == post.id).values(created_at=two_days_ago)
        )
        db.session.commit()
    assert ">2 days ago</time>" in card_of(client.get("/"), post.id)


def test_following_feed_shows_followed_people_and_me(app, client, users, auth, make_post):
    """/following has posts by people alice follows and her own, newest first; not others'."""
    mine, bobs, carols = (make_post(users[name]) for name in ("alice", "bob", "carol"))
    with app.app_context():
        follows.follow(users["alice"], users["bob"])
    auth.login("alice")
    assert card_ids(client.get("/following")) == [bobs.id, mine.id]
    assert carols.id in card_ids(client.get("/"))


def test_following_feed_pages_by_cursor(app, client, users, auth, make_post):
    """/following pages by cursor too, and its link stays on /following."""
    with app.app_context():
        follows.follow(users["alice"], users["bob"])
    posts = [make_post(users["bob"], caption=f"P{n}") for n in range(21)]
    make_post(users["carol"])
    auth.login("alice")
    first = client.get("/following")
    link = OLDER_LINK.search(first.text).group(1)
    assert link == f"/following?before={posts[1].id}"
    assert card_ids(client.get(link)) == [posts[0].id]


@pytest.mark.parametrize("path", ["/", "/following"])
def test_feed_query_count_does_not_grow_with_posts(
    app, client, users, auth, busy_posts, count_queries, path
):
    """The SQL statements for a feed page are the same for 1 post and for 20, and few."""
    with app.app_context():
        for name in ("bob", "carol", "dave"):
            follows.follow(users["alice"], users[name])
    auth.login("alice")
    counts = []
    for batch in (1, 19):
        busy_posts(batch)
        client.get(path)  # warm up: connections and dialect start-up are not the page's cost
        with count_queries() as statements:
            page = client.get(path)
        assert len(card_ids(page)) == len(counts) * 19 + 1
        counts.append(len(statements))
    print(f"\n{path}: {counts[0]} statements for 1 post, {counts[1]} for 20")
    assert counts[0] == counts[1], counts
    # The session, the posts, their authors, their photos, my likes, my saves, the latest
    # comments.
    assert counts[1] <= 7, counts
