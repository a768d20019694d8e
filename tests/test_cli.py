"""The app's commands: seed-demo, and flask-smorest's `openapi write` for the client."""

import json

import sqlalchemy as sa
from conftest import TEST_CONFIG

from flaskgram import create_app
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


def test_openapi_write_needs_no_database(tmp_path):
    """The React client makes its TypeScript types from this file, on a fresh checkout."""
    # Nothing listens there: a command that touched the database would fail.
    nowhere = "mysql+pymysql://nobody@127.0.0.1:9/nothing?connect_timeout=1"
    app = create_app({**TEST_CONFIG, "DATABASE_URL": nowhere})
    target = tmp_path / "openapi.json"

    result = app.test_cli_runner().invoke(args=["openapi", "write", str(target)])

    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text())
    assert document == app.test_client().get("/api/v1/openapi.json").json
    assert {"/api/v1/users", "/api/v1/auth/refresh"} <= set(document["paths"])
