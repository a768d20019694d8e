"""The pages and the API give the same allow or deny for each action on each resource.

Both call the same rules (posts.can_edit_post, comments.can_delete_comment, ...); this
proves neither front door adds or forgets a check (case 22).
"""

import pytest
import sqlalchemy as sa
from api_client import api_login
from conftest import login_client

from flaskgram import comments
from flaskgram.models import Comment, Post

# action: HTML method and path, API method and path, the body both send
ACTIONS = {
    "edit post": ("POST", "/p/{post}/edit", "PATCH", "/posts/{post}", {"caption": "Changed"}),
    "delete post": ("POST", "/p/{post}/delete", "DELETE", "/posts/{post}", {}),
    "delete comment": (
        "POST",
        "/p/{post}/comments/{comment}/delete",
        "DELETE",
        "/posts/{post}/comments/{comment}",
        {},
    ),
    "like post": ("POST", "/p/{post}/like", "PUT", "/posts/{post}/like", {}),
    "comment": ("POST", "/p/{post}/comments", "POST", "/posts/{post}/comments", {"body": "Hi"}),
}
# bob wrote the post; carol commented on it; dave is a bystander.
ALLOWED = {
    "edit post": {"bob"},
    "delete post": {"bob"},
    "delete comment": {"bob", "carol"},
    "like post": {"bob", "carol", "dave"},
    "comment": {"bob", "carol", "dave"},
}


@pytest.fixture
def scenes(app, make_user, make_post):
    """Two identical scenes, one for each door: bob's post with carol's comment on it."""
    users = {name: make_user(name) for name in ("bob", "carol", "dave")}
    made = []
    for _ in range(2):
        post = make_post(users["bob"])
        with app.app_context():
            comment = comments.add_comment(users["carol"], post, "Carol's comment")
        made.append({"post": post.id, "comment": comment.id})
    return made


def scene_state(scalar, scene) -> tuple:
    """The post's caption and like count (None once deleted) and its number of comments."""
    this_post = Post.id == scene["post"]
    comment_count = sa.select(sa.func.count()).select_from(Comment)
    return (
        scalar(sa.select(Post.caption).where(this_post)),
        scalar(sa.select(Post.like_count).where(this_post)),
        scalar(comment_count.where(Comment.post_id == scene["post"])),
    )


@pytest.mark.parametrize("actor", ["bob", "carol", "dave"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_html_and_api_allow_and_deny_alike(app, scenes, scalar, actor, action):
    """Case 22: the same decision by either door, and a refusal changes nothing."""
    html_method, html_path, api_method, api_path, body = ACTIONS[action]
    by_page, by_api = scenes
    before = scene_state(scalar, by_page)

    browser = login_client(app, actor)
    page = browser.open(
        html_path.format(**by_page),
        method=html_method,
        data={"csrf_token": browser.csrf_token(), **body},
    )
    assert page.status_code in (302, 404), page.status_code
    response = api_login(app, actor).call(api_method, api_path.format(**by_api), json=body)
    assert response.status_code in (200, 201, 204, 404), response.text

    html_allowed, api_allowed = page.status_code == 302, response.status_code != 404
    assert html_allowed == api_allowed == (actor in ALLOWED[action])
    if not html_allowed:
        assert scene_state(scalar, by_page) == scene_state(scalar, by_api) == before
    else:
        assert scene_state(scalar, by_page) == scene_state(scalar, by_api) != before
