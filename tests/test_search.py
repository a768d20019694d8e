"""Search: people and tags by prefix, captions by words (FTS5 or FULLTEXT), cursor paged."""

import re

from api_client import api_login
from conftest import XSS, login_client

GRID_LINKS = re.compile(r'<li><a class="photo-link" href="/p/(\d+)">')
PEOPLE = re.compile(r'<a class="username" href="/u/([^"]+)">')


def people_found(client, q: str, **args) -> list[str]:
    page = client.get("/search", query_string={"q": q, "type": "people", **args})
    assert page.status_code == 200
    return (
        PEOPLE.findall(page.text.split('<ul class="people">', 1)[-1])
        if "people" in page.text
        else []
    )


def posts_found(client, q: str) -> list[int]:
    page = client.get("/search", query_string={"q": q, "type": "posts"})
    assert page.status_code == 200
    return [int(found) for found in GRID_LINKS.findall(page.text)]


def test_people_by_the_start_of_their_username_or_name(app, client, logged_in, make_user):
    make_user("annabel"), make_user("anne")
    make_user("bob_ann")
    bobs = login_client(app, "bob_ann")
    bobs.post_form("/settings/profile", {"display_name": "Annie B", "bio": ""})
    assert people_found(client, "ann") == ["annabel", "anne", "bob_ann"]
    assert people_found(client, "ANNA") == ["annabel"]
    assert people_found(client, "bob_") == ["bob_ann"]
    assert people_found(client, "b%") == []  # the wildcard is a character like any other
    assert people_found(client, "_") == []


def test_captions_of_followed_people_and_your_own_only(
    app, client, logged_in, make_user, make_post
):
    """SECURITY.md case 63: search shows captions only of you and the people you follow."""
    bob, carol = make_user("bob"), make_user("carol")
    mine = make_post(logged_in, caption="Sunset over the harbour")
    bobs = make_post(bob, caption="A harbour at sunset")
    make_post(carol, caption="Harbour sunset, carol's")  # not followed: never found
    make_post(bob, caption="Only the harbour")
    client.post_form("/u/bob/follow")
    assert posts_found(client, "sunset harbour") == [bobs.id, mine.id]
    assert posts_found(client, "SUNSET") == [bobs.id, mine.id]


def test_search_words_are_never_syntax(app, client, logged_in, make_post):
    """SECURITY.md case 61: quotes and operators of FTS5 or boolean mode match as words."""
    post = make_post(logged_in, caption="Fresh bread baked today")
    for q in ('"bread', "bread*", "+bread -", "(bread)", "~bread", "@bread", "<bread>", "bread'"):
        assert posts_found(client, q) == [post.id], q
    for q in ("bread OR baked", "bread NEAR(baked", "NOT bread", "caption:bread", "bread^"):
        posts_found(client, q)  # words, not syntax: found or not, never an error
    assert posts_found(client, '"*"') == []
    assert posts_found(client, "%") == []


def test_an_empty_search_is_an_empty_page(app, client, logged_in, make_user, count_queries):
    make_user("bob")
    client.get("/search")
    with count_queries() as queries:
        page = client.get("/search?q=++&type=people")
    assert page.status_code == 200 and "bob" not in page.text
    assert len(queries) <= 2  # the login's own lookups; no search ran


def test_script_in_a_search_is_shown_escaped(app, client, logged_in):
    """SECURITY.md case 62: what was typed comes back escaped, in the box and the text."""
    for kind in ("people", "tags", "posts"):
        page = client.get("/search", query_string={"q": XSS, "type": kind})
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;" in page.text


def test_edited_and_deleted_posts_are_searched_as_they_are(app, client, logged_in, make_post):
    post = make_post(logged_in, caption="old words")
    client.post_form(f"/p/{post.id}/edit", {"caption": "brand new", "alt_text": ""})
    assert posts_found(client, "old") == []
    assert posts_found(client, "brand") == [post.id]
    client.post_form(f"/p/{post.id}/delete")
    assert posts_found(client, "brand") == []


def test_post_results_are_cursor_paged_and_cost_the_same(
    app, client, logged_in, make_post, count_queries
):
    app.config["POSTS_PER_PAGE"] = 3
    ids = [make_post(logged_in, caption=f"garden party {n}").id for n in range(2)]
    client.get("/search?q=garden&type=posts")
    with count_queries() as few:
        client.get("/search?q=garden&type=posts")
    ids += [make_post(logged_in, caption="garden again").id for _ in range(5)]
    with count_queries() as many:
        first = client.get("/search?q=garden&type=posts")
    assert len(many) == len(few)
    assert GRID_LINKS.findall(first.text) == [str(i) for i in ids[::-1][:3]]
    older = re.search(r'href="(/search\?[^"]*before=\d+[^"]*)"', first.text).group(1)
    second = client.get(older.replace("&amp;", "&"))
    assert GRID_LINKS.findall(second.text) == [str(i) for i in ids[::-1][3:6]]


def test_tags_by_prefix_and_the_api(app, client, logged_in, make_post, make_user):
    make_post(logged_in, caption="#Garden #gardening #grass")
    page = client.get("/search?q=%23gard&type=tags")
    assert re.findall(r'href="/tags/([^"]+)"', page.text) == ["garden", "gardening"]
    api = api_login(app, "alice")
    body = api.get("/search", query_string={"q": "GARD", "type": "tags"}).json
    assert body == {
        "type": "tags",
        "people": [],
        "posts": [],
        "tags": [{"name": "garden", "post_count": 1}, {"name": "gardening", "post_count": 1}],
        "next_cursor": None,
    }
    make_user("gardener")
    body = api.get("/search", query_string={"q": "gard", "limit": 1}).json
    assert [p["username"] for p in body["people"]] == ["gardener"]
    body = api.get("/search", query_string={"q": "grass", "type": "posts"}).json
    assert len(body["posts"]) == 1 and body["posts"][0]["caption"] == "#Garden #gardening #grass"
    assert api.get("/search", query_string={"q": ""}).json["people"] == []
    assert api.get("/search", query_string={"type": "nope"}).status_code == 400
    login_client(app, "alice")


def test_short_and_common_words_do_not_hide_results(app, client, logged_in, make_post):
    """MariaDB indexes no word under 3 letters and no stopword: they don't make a search fail."""
    post = make_post(logged_in, caption="Sunset over the harbour, go on")
    assert posts_found(client, "the sunset") == [post.id]
    assert posts_found(client, "harbour go") == [post.id]
