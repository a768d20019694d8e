"""Flaskgram: a self-hostable, Instagram-style photo-sharing app."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    auth,
    cli,
    config,
    database,
    errors,
    health,
    media,
    posts,
    queries,
    security,
    settings,
    templating,
    users,
)
from .extensions import csrf, db, limiter, login_manager, migrate
from .media import views as media_views


def create_app(test_config=None):
    """Create and configure an instance of the app."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    config.load(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
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
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, os.pardir, "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    security.init_app(app)
    media.init_app(app)


def register_blueprints(app):
    app.url_map.converters["id"] = queries.RowIdConverter
    for module in (errors, health, auth, posts, users, settings, media_views):
        app.register_blueprint(module.bp)


def register_template_helpers(app):
    templating.init_app(app)


def register_commands(app):
    cli.init_app(app)
