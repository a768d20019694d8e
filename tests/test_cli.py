"""The seed-demo command."""

import sqlalchemy as sa

from flaskgram.demo import DEMO_PASSWORD, PEOPLE
from flaskgram.models import Comment, Follow, Like, Post, PostImage, User


def test_seed_demo_fills_the_site_with_generated_photos(
    app, runner, row_count, scalar, auth, client
):
    result = runner.invoke(args=["seed-demo", "--posts-per-user", "1"])
    assert result.exit_code == 0, result.output
    assert "Demo ready" in result.output
    assert row_count(User) == len(PEOPLE)
    assert row_count(Post) == len(PEOPLE)
    assert row_count(PostImage, PostImage.image_name.is_(None)) == 0  # uploads, not addresses
    assert row_count(PostImage) > row_count(Post)  # some posts have several photos
    assert row_count(Follow) > 0
    assert row_count(Like) > 0
    assert row_count(Comment) > 0
    assert row_count(User, User.avatar_name.is_(None)) == 0

    assert auth.login(PEOPLE[0][0], DEMO_PASSWORD).status_code == 302
    feed = client.get("/")
    assert feed.text.count('class="card"') == len(PEOPLE)
    image = scalar(sa.select(PostImage.image_name).limit(1))
    assert client.get(f"/media/{image}").content_type == "image/jpeg"
