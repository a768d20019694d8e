"""Flaskgram: a self-hostable, Instagram-style photo-sharing app."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    api,
    cli,
    config,
    database,
    errors,
    feeds,
    health,
    logs,
    mail,
    media,
    rate_limits,
    replicas,
    security,
    web,
)
from .extensions import csrf, db, limiter, login_manager, migrate
from .media import views as media_views
from .recovery import commands as recovery_commands


def create_app(test_config=None):
    """Create and configure an instance of the app."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    config.load(app, test_config)
    logs.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app


def register_extensions(app):
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **database.engine_options(app.config),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    replicas.init_app(app, app.config["SQLALCHEMY_ENGINE_OPTIONS"])  # its engine, if set
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, os.pardir, "migrations"))
    # Checks run in the order registered: the host, https and login first, so an anonymous
    # visitor is sent to log in before a CSRF token or a rate limit is looked at.
    security.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    rate_limits.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    media.init_app(app)
    mail.init_app(app)


def register_blueprints(app):
    app.url_map.converters["id"] = feeds.RowIdConverter
    for module in (errors, health):  # app-wide: they answer pages and JSON alike
        app.register_blueprint(module.bp)
    web.init_app(app)  # the HTML pages: their blueprints and the templates' helpers
    app.register_blueprint(media_views.bp)
    api.init_app(app)  # the JSON API: its blueprint and its OpenAPI document


def register_commands(app):
    cli.init_app(app)
    recovery_commands.init_app(app)
