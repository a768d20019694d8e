"""The app factory, configuration and health check."""

from flaskgram import create_app


def test_config_from_test_mapping(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}).testing


def test_healthz_is_public_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_static_files_may_be_kept_an_hour(client):
    """Without nginx in front, gunicorn's answer for /static/ carries the same cache
    headers as nginx's (docs/nginx.conf), so a page load doesn't ask about each file."""
    with client.get("/static/style.css") as response:  # closes the file it streams
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=3600"
