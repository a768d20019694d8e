"""Alembic revisions: they build the models' schema, and they go down and up again."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from flaskgram.extensions import db


def schema_differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_revisions_match_the_models(app):
    assert schema_differences(app) == []


def test_revisions_go_down_and_up_again(app):
    with app.app_context():
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
    assert schema_differences(app) == []


def test_accented_emails_are_different_addresses_on_every_database(make_user, auth):
    """SECURITY.md issue 6: "müller" and "muller" are two addresses on SQLite and MariaDB."""
    make_user("muller", email="muller@example.com")
    response = auth.signup("mueller", email="müller@example.com")
    assert response.status_code == 302, response.text
