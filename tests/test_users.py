"""Profile pages /u/<username>: header, counts, the post grid, and follower lists."""

import re

import pytest
from conftest import XSS, login_client, stored_post
from photos import img_tags, jpeg, latest_post, upload

from flaskgram import comments, follows, likes
from flaskgram.extensions import db
from flaskgram.models import User
from flaskgram.web import users

GRID = re.compile(r'<ul class="grid">(.*?)</ul>', re.S)
OLDER_LINK = re.compile(r'<a class="button" href="(/u/alice\?before=\d+)">Older posts</a>')
MORE_LINK = re.compile(r'<a class="button" href="([^"]+)">More</a>')
PERSON = re.compile(r'<div class="person">\s*<a class="username" href="/u/([^"]+)">')


def grid_ids(page) -> list[int]:
    assert page.status_code == 200
    found = GRID.search(page.text)
    return [int(i) for i in re.findall(r'href="/p/(\d+)"', found.group(1))] if found else []


def stats(page) -> str:
    """The profile's counts as plain text, like "3 posts 2 followers 1 following"."""
    found = re.search(r'<ul class="stats">(.*?)</ul>', page.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob", "carol", "dave")}


def set_profile(app, user, **fields):
    with app.app_context():
        db.session.execute(db.update(User).where(User.id == user.id).values(**fields))
        db.session.commit()


def follow(app, follower, *followees):
    with app.app_context():
        for followee in followees:
            follows.follow(follower, followee)


def test_profile_shows_names_bio_counts_and_follow_button(app, people, make_post):
    """Show the header to another user, with counts from the stored totals."""
    alice, bob, carol, dave = people.values()
    set_profile(app, alice, display_name="Alice Liddell", bio="Down the\nrabbit hole")
    for n in range(3):
        make_post(alice, caption=f"Post {n}")
    follow(app, bob, alice)
    follow(app, carol, alice)
    follow(app, alice, dave)

    page = login_client(app, "bob").get("/u/alice")

    assert page.status_code == 200
    assert "<title>Alice Liddell (@alice) · Flaskgram</title>" in page.text
    assert "<h1>alice</h1>" in page.text
    assert '<p class="display-name">Alice Liddell</p>' in page.text
    assert "Down the<br>\nrabbit hole" in page.text
    assert stats(page) == "3 posts 2 followers 1 following"
    assert 'href="/u/alice/followers"' in page.text
    assert 'href="/u/alice/following"' in page.text
    assert 'action="/u/alice/unfollow"' in page.text  # bob follows alice already
    assert "Edit profile" not in page.text
    assert 'class="avatar avatar-initial avatar-96' in page.text


def test_profile_counts_are_singular_and_follow_button_offers_follow(app, people, make_post):
    """Say "1 post" and "1 follower", and offer Follow to someone not following yet."""
    make_post(people["alice"])
    follow(app, people["carol"], people["alice"])
    page = login_client(app, "bob").get("/u/alice")
    assert stats(page) == "1 post 1 follower 0 following"
    assert 'action="/u/alice/follow"' in page.text


def test_own_profile_has_edit_link_and_no_follow_button(app, people):
    """Offer "Edit profile" on your own profile instead of a follow button."""
    page = login_client(app, "alice").get("/u/alice")
    assert 'href="/settings/profile"' in page.text and "Edit profile" in page.text
    assert 'action="/u/alice/follow"' not in page.text
    assert "Share your first photo" in page.text and 'href="/posts/new"' in page.text


def test_someone_elses_empty_profile_says_no_posts_yet(app, people):
    """Tell a visitor that the user has not shared anything yet."""
    page = login_client(app, "bob").get("/u/alice")
    assert "No posts yet" in page.text and "alice hasn't shared anything yet" in page.text
    assert grid_ids(page) == []


def test_profile_shows_uploaded_avatar(app, people, scalar):
    """Show the uploaded avatar's thumbnail in the profile header."""
    alice = login_client(app, "alice")
    alice.post_form(
        "/settings/profile",
        {"display_name": "", "bio": "", "avatar": upload(jpeg(300, 300))},
    )
    name = scalar(db.select(User.avatar_name).where(User.username == "alice"))
    page = alice.get("/u/alice")
    header = page.text.split('<ul class="stats">')[0]
    assert f'src="/media/{name.removesuffix(".jpg")}_640.jpg"' in header


def test_unknown_user_is_404_and_names_ignore_case(app, people):
    """Answer 404 for a missing user; find /u/ALICE as alice."""
    bob = login_client(app, "bob")
    assert bob.get("/u/nobody").status_code == 404
    assert bob.get("/u/nobody/followers").status_code == 404
    assert bob.get("/u/nobody/following").status_code == 404
    assert "<h1>alice</h1>" in bob.get("/u/ALICE").text


def test_grid_is_newest_first_and_only_the_users_posts(app, people, make_post):
    """Show only the user's posts, newest first."""
    mine = [make_post(people["alice"], caption=f"Mine {n}") for n in range(3)]
    make_post(people["bob"], caption="Not alice's")
    page = login_client(app, "bob").get("/u/alice")
    assert grid_ids(page) == [post.id for post in reversed(mine)]


def test_grid_pages_by_cursor(app, people, make_post):
    """Page the grid 20 at a time with ?before=, without gaps or repeats."""
    posts = [make_post(people["alice"], caption=f"P{n}") for n in range(23)]
    newest_first = [post.id for post in reversed(posts)]
    bob = login_client(app, "bob")

    first = bob.get("/u/alice")
    assert grid_ids(first) == newest_first[:20]
    link = OLDER_LINK.search(first.text).group(1)
    assert link == f"/u/alice?before={newest_first[19]}"
    second = bob.get(link)
    assert grid_ids(second) == newest_first[20:]
    assert not OLDER_LINK.search(second.text)
    after_the_end = bob.get(f"/u/alice?before={newest_first[-1]}")
    assert grid_ids(after_the_end) == []
    assert "That's all of them" in after_the_end.text


def test_grid_shows_thumbnails_with_size_and_alt(app, people):
    """Show uploads by their 640 px thumbnail, with srcset, sizes, width, height and alt."""
    alice = login_client(app, "alice")
    alice.post_form(
        "/posts/new",
        {"image": upload(jpeg(1600, 1200)), "caption": "Hi", "alt_text": "A teal field"},
    )
    post = latest_post(app)
    base = post.images[0].image_name.removesuffix(".jpg")

    [img] = img_tags(GRID.search(alice.get("/u/alice").text).group(1))

    assert img["src"] == f"/media/{base}_640.jpg"
    assert img["srcset"] == f"/media/{base}_640.jpg 640w, /media/{base}.jpg 1080w"
    assert img["sizes"]
    assert (img["width"], img["height"]) == ("1080", "810")  # the photo's shape, not a square
    assert img["loading"] == "lazy"
    assert img["alt"] == "A teal field"


def test_display_name_and_bio_are_escaped(app, people, make_post):
    """Case 25: Show a script in a display name or bio as text, on the profile and in lists."""
    set_profile(app, people["alice"], display_name=XSS[:50], bio=XSS)
    follow(app, people["alice"], people["bob"])
    bob = login_client(app, "bob")

    for path in ("/u/alice", "/u/bob/followers"):
        page = bob.get(path).text
        assert "<script>alert(1)" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in bob.get("/u/alice").text


def test_profile_query_count_does_not_grow_with_posts(app, people, make_post, count_queries):
    """Run the same few statements for a profile with 1 post and with 20."""
    follow(app, people["bob"], people["alice"])
    bob = login_client(app, "bob")
    counts = []
    for batch in (1, 19):
        for n in range(batch):
            with app.app_context():
                post = stored_post(people["alice"], caption=f"P{n}")
                likes.like_post(people["carol"], post)
                comments.add_comment(people["dave"], post, "Nice")
        bob.get("/u/alice")  # warm up
        with count_queries() as statements:
            page = bob.get("/u/alice")
        assert len(grid_ids(page)) == 1 + 19 * len(counts)
        counts.append(len(statements))
    print(f"\n/u/alice: {counts[0]} statements for 1 post, {counts[1]} for 20")
    assert counts[0] == counts[1], counts
    # The session, the user, the posts, their photos, "do I follow them".
    assert counts[1] <= 5, counts


@pytest.mark.parametrize("kind", ["followers", "following"])
def test_people_lists_show_who_and_follow_state(app, people, kind):
    """List followers or followees by username, each with a button for the viewer."""
    alice, bob, carol, dave = people.values()
    if kind == "followers":
        follow(app, carol, alice)
        follow(app, dave, alice)
    else:
        follow(app, alice, carol, dave)
    follow(app, bob, dave)  # bob, who is looking, already follows dave

    page = login_client(app, "bob").get(f"/u/alice/{kind}")

    assert page.status_code == 200
    assert PERSON.findall(page.text) == ["carol", "dave"]
    assert 'action="/u/carol/follow"' in page.text
    assert 'action="/u/dave/unfollow"' in page.text
    assert 'href="/u/alice"' in page.text


def test_people_list_leaves_out_the_viewers_own_button(app, people):
    """Show no follow button next to the viewer in a list."""
    follow(app, people["bob"], people["alice"])
    page = login_client(app, "bob").get("/u/alice/followers")
    assert PERSON.findall(page.text) == ["bob"]
    assert 'action="/u/bob/follow"' not in page.text


@pytest.mark.parametrize("kind", ["followers", "following"])
def test_people_lists_page_by_username(app, make_user, monkeypatch, kind):
    """Page a long list with ?after=<username>, in order, without gaps or repeats."""
    monkeypatch.setattr(users, "PEOPLE_PER_PAGE", 3)
    alice = make_user("alice")
    names = [f"fan{n:02d}" for n in range(7)]
    with app.app_context():
        for name in names:
            fan = make_user(name)
            follows.follow(*((fan, alice) if kind == "followers" else (alice, fan)))
    browser = login_client(app, "alice")

    seen, path = [], f"/u/alice/{kind}"
    for expected in (names[:3], names[3:6], names[6:]):
        page = browser.get(path)
        assert PERSON.findall(page.text) == expected
        seen += expected
        more = MORE_LINK.search(page.text)
        path = more.group(1).replace("&amp;", "&") if more else None
    assert path is None
    assert seen == names
    assert "That's everyone" in browser.get(f"/u/alice/{kind}?after=zzz").text


@pytest.mark.parametrize(
    ("viewer", "kind", "message"),
    [
        ("alice", "followers", "Nobody follows you yet"),
        ("alice", "following", "You don't follow anyone yet"),
        ("bob", "followers", "Nobody follows alice yet"),
        ("bob", "following", "alice doesn't follow anyone yet"),
    ],
)
def test_empty_people_lists_say_so_with_a_next_step(app, people, viewer, kind, message):
    """Explain an empty list and point somewhere useful."""
    page = login_client(app, viewer).get(f"/u/alice/{kind}")
    assert page.status_code == 200
    empty = re.search(r'<li class="empty">(.*?)</li>', page.text, re.S).group(1)
    assert message in empty
    assert 'href="/"' in empty


def test_people_list_query_count_does_not_grow(app, make_user, count_queries):
    """Run the same statements for a list of 1 person and of 20."""
    alice = make_user("alice")
    browser = login_client(app, "alice")
    counts = []
    for start, stop in ((0, 1), (1, 20)):
        with app.app_context():
            for n in range(start, stop):
                follows.follow(make_user(f"fan{n:02d}"), alice)
        browser.get("/u/alice/followers")
        with count_queries() as statements:
            page = browser.get("/u/alice/followers")
        assert len(PERSON.findall(page.text)) == stop
        counts.append(len(statements))
    print(f"\n/u/alice/followers: {counts[0]} statements for 1 person, {counts[1]} for 20")
    assert counts[0] == counts[1], counts
    assert counts[1] <= 4, counts


@pytest.mark.parametrize(
    "query",
    ["?before=abc", "?before=-5", "?before=99999999999999999999999", "?before=0"],
)
def test_odd_grid_cursors_never_fail(app, people, make_post, query):
    """Treat a cursor typed into the address bar as a cursor, never a 500."""
    make_post(people["alice"])
    assert login_client(app, "bob").get(f"/u/alice{query}").status_code == 200


@pytest.mark.parametrize("after", ["%00", "%F0%9F%99%82", "a" * 300, "%ff"])
@pytest.mark.parametrize("kind", ["followers", "following"])
def test_odd_list_cursors_never_fail(app, people, kind, after):
    """Treat any ?after= as a username to start after, never a 500."""
    assert login_client(app, "bob").get(f"/u/alice/{kind}?after={after}").status_code == 200
