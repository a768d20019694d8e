"""API posts, feeds, likes and comments, through the HTTP client (cases 22, 23, 26, 27, 35, 37)."""

import io

import pytest
import sqlalchemy as sa
from api_client import ApiClient, api_login, assert_api_error
from conftest import IMAGE, stored_post
from photos import jpeg, media_files, opened
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram import comments, follows, likes, posts
from flaskgram.models import Comment, Like, Post, PostImage


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def api(app, alice) -> ApiClient:
    """alice's phone, logged in."""
    return api_login(app, "alice")


def test_create_post_from_json(api, alice, scalar, picture_site):
    """A post by address: the server fetches the picture and serves its own copy."""
    address = picture_site.url()
    response = api.post(
        "/posts", json={"image_url": address, "caption": "Hi 🌴", "alt_text": "Sea"}
    )
    assert response.status_code == 201, response.text
    body = response.json
    assert body["author"] == {"username": "alice", "display_name": "", "avatar": None}
    assert body["caption"] == "Hi 🌴"
    [image] = body["images"]
    assert image["url"].startswith("/api/v1/images/")
    assert image["thumbnail_url"].startswith("/api/v1/images/")
    assert image["width"] > 0 and image["height"] > 0 and image["alt_text"] == "Sea"
    source = sa.select(PostImage.source_url).where(PostImage.post_id == body["id"])
    assert scalar(source) == address
    assert body["like_count"] == body["comment_count"] == 0
    assert body["liked"] is False and body["can_edit"] is True and body["can_delete"] is True
    assert body["created_at"].endswith("+00:00") and body["edited_at"] is None
    assert scalar(sa.select(Post.caption).where(Post.id == body["id"])) == "Hi 🌴"
    assert scalar(sa.select(Post.user_id).where(Post.id == body["id"])) == alice.id


def test_create_post_from_an_upload(app, api, row_count):
    response = api.post(
        "/posts",
        data={"image": (jpeg_file(), "photo.jpg", "image/jpeg"), "caption": "Uploaded"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.text
    [image] = response.json["images"]
    assert (image["width"], image["height"]) == (1080, 810)
    assert len(media_files(app)) == 3 and row_count(Post) == 1  # and the original
    for url in (image["url"], image["thumbnail_url"]):
        assert url.startswith("/api/v1/images/")
        with api.client.get(url, headers={"Authorization": f"Bearer {api.access_token}"}) as got:
            assert got.status_code == 200 and got.mimetype == "image/jpeg"
            assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
            assert opened(got.data).format == "JPEG"
        assert_api_error(api.client.get(url.split("?")[0]), 401)  # case 24: no link, no token


def jpeg_file():
    return io.BytesIO(jpeg())


@pytest.mark.parametrize(
    "fields, has_file, message",
    [
        ({"image_url": IMAGE}, True, "not both"),
        ({"caption": "No picture"}, False, "Choose a photo"),
    ],
    ids=["both", "neither"],
)
def test_a_photo_or_an_address_not_both(app, api, row_count, fields, has_file, message):
    """The rule from the form, in posts.check_image_source, holds for the API too."""
    data = dict(fields)
    if has_file:
        data["image"] = (jpeg_file(), "photo.jpg", "image/jpeg")
    response = api.post("/posts", data=data, content_type="multipart/form-data")
    assert_api_error(response, 400)
    assert message in response.json["fields"]["image"]
    assert row_count(Post) == 0 and media_files(app) == []


def test_a_file_that_is_not_an_image_is_refused(app, api, row_count):
    """Case 29, through the API."""
    data = {"image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.jpg", "image/jpeg")}
    response = api.post("/posts", data=data, content_type="multipart/form-data")
    assert_api_error(response, 400)
    assert "image" in response.json["fields"]
    assert row_count(Post) == 0 and media_files(app) == []


def test_an_oversized_body_is_413_json(api, row_count):
    """Case 28, through the API: over the request limit, a JSON 413 and nothing stored."""
    big = FileStorage(io.BytesIO(b"\xff" * (16 * 1024 * 1024 + 1)), filename="big.jpg")
    # Encoded in memory: the test client would spool it to a file it never closes.
    boundary, body = encode_multipart({"image": big, "caption": "Big"})
    response = api.post(
        "/posts", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert_api_error(response, 413)
    assert row_count(Post) == 0


@pytest.mark.parametrize(
    "image_url",
    [
        "http://images.example.com/a.jpg",
        "https://user:pass@images.example.com/a.jpg",
        "https://images.example.com/" + "a" * 2049,
        "javascript:alert(1)",
        "",
    ],
    ids=["http", "credentials", "too-long", "javascript", "empty"],
)
def test_case_35_bad_image_addresses_are_refused(api, row_count, image_url):
    """Case 35, through the API: 400 at the image_url field, no row."""
    response = api.post("/posts", json={"image_url": image_url})
    assert_api_error(response, 400)
    assert "image_url" in response.json["fields"]
    assert row_count(Post) == 0


@pytest.mark.parametrize(
    "caption, status",
    [("x" * 2200, 201), ("x" * 2201, 400), ("line\nbreaks\tkept", 201), ("nul\x00", 400)],
    ids=["2200", "2201", "line-breaks", "nul"],
)
def test_cases_26_and_27_caption_limits(api, scalar, picture_site, caption, status):
    """Cases 26 and 27: 2,200 characters work, 2,201 and control characters get 400."""
    response = api.post("/posts", json={"image_url": picture_site.url(), "caption": caption})
    assert response.status_code == status, response.text
    if status == 201:
        assert scalar(sa.select(Post.caption)) == caption
    else:
        assert "caption" in response.json["fields"]
        assert scalar(sa.select(sa.func.count()).select_from(Post)) == 0


@pytest.mark.parametrize(
    "field, value",
    [("user_id", 2), ("author", {"username": "bob"}), ("like_count", 99), ("id", 7)],
)
def test_case_23_fields_a_client_may_not_set_are_refused(api, bob, row_count, field, value):
    """Case 23: user_id, author, like_count are refused, and nothing is written."""
    response = api.post("/posts", json={"image_url": IMAGE, field: value})
    assert_api_error(response, 400)
    assert response.json["fields"] == {field: "Unknown field."}
    assert row_count(Post) == 0


def test_case_23_edit_cannot_change_the_author_or_counts(api, alice, bob, make_post, scalar):
    """Case 23: PATCH refuses fields outside caption and alt text."""
    post = make_post(alice)
    response = api.patch(f"/posts/{post.id}", json={"caption": "New", "user_id": bob.id})
    assert_api_error(response, 400)
    assert scalar(sa.select(Post.user_id)) == alice.id
    assert scalar(sa.select(Post.caption)) == "A caption"


def test_edit_own_post(api, alice, make_post, scalar):
    post = make_post(alice, alt_text="Old alt")
    response = api.patch(f"/posts/{post.id}", json={"caption": "Better words"})
    assert response.status_code == 200, response.text
    assert response.json["caption"] == "Better words"
    assert response.json["images"][0]["alt_text"] == "Old alt"  # left out: kept
    assert response.json["edited_at"] is not None
    assert scalar(sa.select(Post.caption)) == "Better words"


def test_delete_own_post(api, alice, make_post, row_count):
    post = make_post(alice)
    assert api.delete(f"/posts/{post.id}").status_code == 204
    assert row_count(Post) == 0
    assert_api_error(api.get(f"/posts/{post.id}"), 404, "not_found")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("PATCH", "/posts/{post}", {"caption": "Hacked"}),
        ("DELETE", "/posts/{post}", None),
        ("DELETE", "/posts/{post}/comments/{comment}", None),
    ],
    ids=["edit-post", "delete-post", "delete-comment"],
)
def test_case_22_someone_elses_post_or_comment_is_404(
    app, api, bob, make_post, make_user, scalar, method, path, body
):
    """Case 22: changing bob's post or carol's comment on it is a 404; their data is intact."""
    post = make_post(bob, caption="Bob's words")
    carol = make_user("carol")
    with app.app_context():
        comment = comments.add_comment(carol, post, "Carol's words")
    response = api.call(method, path.format(post=post.id, comment=comment.id), json=body)
    assert_api_error(response, 404)
    assert scalar(sa.select(Post.caption)) == "Bob's words"
    assert scalar(sa.select(Comment.body)) == "Carol's words"
    card = api.get(f"/posts/{post.id}").json
    assert card["can_edit"] is False and card["can_delete"] is False


def test_like_and_unlike_are_idempotent(api, alice, bob, make_post, row_count):
    post = make_post(bob)
    for _ in range(2):
        response = api.put(f"/posts/{post.id}/like")
        assert response.status_code == 200, response.text
        assert response.json["liked"] is True and response.json["like_count"] == 1
    assert row_count(Like) == 1
    for _ in range(2):
        response = api.delete(f"/posts/{post.id}/like")
        assert response.json["liked"] is False and response.json["like_count"] == 0
    assert row_count(Like) == 0
    assert_api_error(api.put("/posts/999999/like"), 404)


def test_comments_add_page_and_delete(app, api, alice, bob, make_post, row_count):
    post = make_post(bob)
    with app.app_context():
        theirs = comments.add_comment(bob, post, "First!")
    ids = [theirs.id]
    for n in range(4):
        response = api.post(f"/posts/{post.id}/comments", json={"body": f"Mine {n}"})
        assert response.status_code == 201, response.text
        assert response.json["author"]["username"] == "alice"
        ids.append(response.json["id"])
    first = api.get(f"/posts/{post.id}/comments?limit=3").json
    assert [c["id"] for c in first["items"]] == ids[:3]
    assert [c["can_delete"] for c in first["items"]] == [False, True, True]
    second = api.get(f"/posts/{post.id}/comments?limit=3&after={first['next_cursor']}").json
    assert [c["id"] for c in second["items"]] == ids[3:] and second["next_cursor"] is None
    assert api.get(f"/posts/{post.id}").json["comment_count"] == 5

    assert api.delete(f"/posts/{post.id}/comments/{ids[1]}").status_code == 204
    assert row_count(Comment) == 4
    # The comment exists, but under another post's id it is not found.
    other = make_post(alice)
    assert_api_error(api.delete(f"/posts/{other.id}/comments/{ids[2]}"), 404)


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 1001, "bell\x07"])
def test_case_27_bad_comments_get_400(api, bob, make_post, row_count, body):
    """Case 27: empty, too long or with control characters: 400 at the body field."""
    post = make_post(bob)
    response = api.post(f"/posts/{post.id}/comments", json={"body": body})
    assert_api_error(response, 400)
    assert "body" in response.json["fields"]
    assert row_count(Comment) == 0


def test_a_refused_field_says_why_once_in_the_rules_words(api, bob, make_post):
    """The schema's length check restates the rule: only the rule's sentence is shown."""
    post = make_post(bob)
    response = api.post(f"/posts/{post.id}/comments", json={"body": "x" * 1007})
    assert_api_error(response, 400)
    assert response.json["fields"]["body"] == (
        "A comment can be at most 1,000 characters (you have 1,007)."
    )


def test_case_27_a_comment_on_a_deleted_post_is_404(app, api, bob, make_post, row_count):
    """Case 27: a comment on a deleted post: 404."""
    post = make_post(bob)
    with app.app_context():
        posts.delete_post(post)
    assert_api_error(api.post(f"/posts/{post.id}/comments", json={"body": "Hi"}), 404)
    assert row_count(Comment) == 0


def test_feed_pages_by_cursor(app, api, alice, make_post):
    ids = [make_post(alice, caption=f"P{n}").id for n in range(5)]
    first = api.get("/feed?limit=2").json
    assert [p["id"] for p in first["items"]] == ids[:-3:-1]
    second = api.get(f"/feed?limit=2&before={first['next_cursor']}").json
    third = api.get(f"/feed?limit=2&before={second['next_cursor']}").json
    seen = [p["id"] for page in (first, second, third) for p in page["items"]]
    assert seen == ids[::-1] and third["next_cursor"] is None
    assert len(api.get("/feed").json["items"]) == 5  # default size: all of them


def test_following_feed(app, api, alice, bob, make_user, make_post):
    carol = make_user("carol")
    mine, bobs, carols = make_post(alice), make_post(bob), make_post(carol)
    with app.app_context():
        follows.follow(alice, bob)
    items = api.get("/feed/following").json["items"]
    assert [p["id"] for p in items] == [bobs.id, mine.id]
    assert carols.id in [p["id"] for p in api.get("/feed").json["items"]]


@pytest.mark.parametrize("limit", ["0", "-1", "51", "abc", "9" * 30, "1.5"])
def test_case_37_silly_limits_are_refused(api, limit):
    """Case 37: a limit outside 1-50 or not a number is a 400 at the limit field."""
    response = api.get(f"/feed?limit={limit}")
    assert_api_error(response, 400)
    assert "limit" in response.json["fields"]


@pytest.mark.parametrize(
    "data, content_type, status",
    [
        ('{"image_url": ', "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('{"image_url": 12}', "application/json", 400),
        ('{"image_url": null}', "application/json", 400),
        ("image_url=https://a.example/x.jpg", "application/x-www-form-urlencoded", 415),
        ('{"image_url": "https://a.example/x.jpg"}', "text/plain", 415),
        ("<post/>", "application/xml", 415),
    ],
    ids=["truncated", "array", "number", "null", "form", "text", "xml"],
)
def test_case_37_wrong_content_type_or_malformed_json(api, row_count, data, content_type, status):
    """Case 37: wrong content type 415; malformed JSON or wrong types 400; always JSON."""
    response = api.post("/posts", data=data, content_type=content_type)
    assert_api_error(response, status)
    assert row_count(Post) == 0


@pytest.mark.parametrize("path", ["/feed", "/feed/following", "/users/bob/posts"])
def test_a_feed_page_of_20_costs_what_a_page_of_1_does(
    app, api, alice, bob, make_user, count_queries, path
):
    """The API's feed pages run the same number of statements for 1 post and for 20."""
    carol = make_user("carol")
    with app.app_context():
        follows.follow(alice, bob)
    counts = []
    for batch in (1, 19):
        with app.app_context():
            for n in range(batch):
                post = stored_post(bob, caption=f"{n}")
                likes.like_post(carol, post)
                likes.like_post(alice, post)
                comments.add_comment(carol, post, "Nice")
        api.get(path)  # warm up
        with count_queries() as statements:
            page = api.get(f"{path}?limit=20")
        assert len(page.json["items"]) == len(counts) * 19 + 1
        counts.append(len(statements))
    print(f"\n{path}: {counts[0]} statements for 1 post, {counts[1]} for 20")
    assert counts[0] == counts[1], counts
    # The login session, (the profile's user), the posts, their authors, their photos, my
    # likes, my saves, the latest comments (PostCard loads them for the pages; the API does
    # not show them yet).
    assert counts[1] <= (8 if path.startswith("/users/") else 7), counts


def test_a_comments_page_of_20_costs_what_a_page_of_1_does(
    app, api, alice, bob, make_post, count_queries
):
    """Comment authors come with their comments: the page's cost does not grow."""
    post = make_post(bob)
    counts = []
    for batch in (1, 19):
        with app.app_context():
            for n in range(batch):
                comments.add_comment(bob if n % 2 else alice, post, f"Comment {n}")
        api.get(f"/posts/{post.id}/comments")  # warm up
        with count_queries() as statements:
            page = api.get(f"/posts/{post.id}/comments?limit=20")
        assert len(page.json["items"]) == len(counts) * 19 + 1
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The login session, the post, its author, its photos, the comments.
    assert counts[1] <= 5, counts
