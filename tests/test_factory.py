"""The app factory, configuration and health check."""

from flaskgram import create_app


def test_config_from_test_mapping(app):
    assert app.testing
    assert not create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}).testing


def test_healthz_is_public_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
