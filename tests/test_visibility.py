"""Every read of posts, by page or by API, goes through feeds.visible_posts.

A stand-in rule that hides bob's posts (as private accounts will one day hide some) must
make his post absent from every list and a 404 on every path that names it, even for bob.
Run once with the real rule too, so each check is seen to pass when the post is visible.
"""

import pytest
from api_client import api_login
from conftest import login_client

from flaskgram import comments, feeds, saves
from flaskgram.models import Post

# Pages that name the post: method, path, form fields.
PAGE_ACTIONS = [
    ("GET", "/p/{post}", {}),
    ("GET", "/p/{post}/edit", {}),
    ("POST", "/p/{post}/edit", {"caption": "Changed", "alt_text": ""}),
    ("POST", "/p/{post}/delete", {}),
    ("POST", "/p/{post}/like", {}),
    ("POST", "/p/{post}/unlike", {}),
    ("POST", "/p/{post}/comments", {"body": "Hi"}),
    ("POST", "/p/{post}/comments/{comment}/delete", {}),
    ("POST", "/p/{post}/save", {}),
    ("POST", "/p/{post}/unsave", {}),
    ("GET", "/p/{post}/photos/1/original", {}),
]
# Pages that list posts, and how the post shows on them.
PAGE_LISTS = {
    "/": 'id="post-{post}"',
    "/following": 'id="post-{post}"',
    "/u/bob": 'href="/p/{post}"',
    "/saved": 'href="/p/{post}"',
}
# API calls that name the post: method, path, JSON body.
API_ACTIONS = [
    ("GET", "/posts/{post}", None),
    ("PATCH", "/posts/{post}", {"caption": "Changed"}),
    ("DELETE", "/posts/{post}", None),
    ("PUT", "/posts/{post}/like", None),
    ("DELETE", "/posts/{post}/like", None),
    ("GET", "/posts/{post}/comments", None),
    ("POST", "/posts/{post}/comments", {"body": "Hi"}),
    ("DELETE", "/posts/{post}/comments/{comment}", None),
    ("PUT", "/posts/{post}/save", None),
    ("DELETE", "/posts/{post}/save", None),
    ("GET", "/posts/{post}/photos/1/original", None),
]
API_LISTS = ["/feed", "/feed/following", "/users/bob/posts", "/me/saved", "/tags/beach"]
# Finding posts (SECURITY.md case 63): a tag, a search of captions, Explore (seen by carol,
# who doesn't follow bob: Explore leaves out your own posts).
FINDING_PAGES = {
    "/tags/beach": 'href="/p/{post}"',
    "/search?q=bob&type=posts": 'href="/p/{post}"',
    "/explore": 'href="/p/{post}"',
}
FINDING_API = {"/search?q=bob&type=posts": "posts", "/explore": "items"}


@pytest.fixture
def scene(app, make_user, make_post):
    """bob's post, with bob's own comment on it, saved by bob: bob may do everything."""
    bob = make_user("bob")
    post = make_post(bob, caption="Bob's post #beach")
    with app.app_context():
        comment = comments.add_comment(bob, post, "Bob's comment")
        saves.save_post(bob, post)
    return {"post": post.id, "comment": comment.id, "bob": bob.id}


@pytest.fixture(params=[False, True], ids=["visible", "hidden"])
def hidden(request, monkeypatch, scene) -> bool:
    """Hide bob's posts from everyone, through the one filter, or leave the real rule."""
    if request.param:
        real_rule = feeds.visible_posts
        monkeypatch.setattr(
            feeds,
            "visible_posts",
            lambda viewer: real_rule(viewer).where(Post.user_id != scene["bob"]),
        )
    return request.param


@pytest.mark.parametrize(("method", "path", "fields"), PAGE_ACTIONS)
def test_pages_naming_a_post_use_the_filter(app, scene, hidden, method, path, fields):
    browser = login_client(app, "bob")
    data = {"csrf_token": browser.csrf_token(), **fields} if method == "POST" else None
    response = browser.open(path.format(**scene), method=method, data=data)
    if hidden:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize("path", list(PAGE_LISTS))
def test_pages_listing_posts_use_the_filter(app, scene, hidden, path):
    response = login_client(app, "bob").get(path)
    assert response.status_code == 200
    assert (PAGE_LISTS[path].format(**scene) in response.text) is not hidden


@pytest.mark.parametrize(("method", "path", "body"), API_ACTIONS)
def test_api_calls_naming_a_post_use_the_filter(app, scene, hidden, method, path, body):
    response = api_login(app, "bob").call(method, path.format(**scene), json=body)
    if hidden:
        assert response.status_code == 404, response.text
    else:
        assert response.status_code in (200, 201, 204), response.text


@pytest.mark.parametrize("path", API_LISTS)
def test_api_lists_of_posts_use_the_filter(app, scene, hidden, path):
    response = api_login(app, "bob").get(path)
    assert response.status_code == 200
    ids = [item["id"] for item in response.json["items"]]
    assert (scene["post"] in ids) is not hidden


@pytest.mark.parametrize("path", list(FINDING_PAGES))
def test_pages_finding_posts_use_the_filter(app, make_user, scene, hidden, path):
    """SECURITY.md case 63: tags, search and Explore show only posts the viewer may see."""
    viewer = "carol" if path == "/explore" else "bob"
    if viewer == "carol":
        make_user("carol")
    response = login_client(app, viewer).get(path)
    assert response.status_code == 200
    assert (FINDING_PAGES[path].format(**scene) in response.text) is not hidden


@pytest.mark.parametrize("path", list(FINDING_API))
def test_api_finding_posts_use_the_filter(app, make_user, scene, hidden, path):
    """SECURITY.md case 63: the API's search and Explore use the same filter."""
    viewer = "carol" if path == "/explore" else "bob"
    if viewer == "carol":
        make_user("carol")
    response = api_login(app, viewer).get(path)
    assert response.status_code == 200
    ids = [item["id"] for item in response.json[FINDING_API[path]]]
    assert (scene["post"] in ids) is not hidden
