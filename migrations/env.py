"""Alembic environment: migrate the database of the current Flask app."""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app

from flaskgram import search

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    # Only when nothing set logging up: the app's logs.py does, with request ids, as
    # does pytest. Keep loggers that were set up before us working.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def skip_empty_autogenerate(context, revision, directives):
    """Don't write a revision when the models and the database already agree."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_migrations_offline():
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    with db.engine.connect() as connection, foreign_keys_off_on_sqlite(connection):
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            process_revision_directives=skip_empty_autogenerate,
            include_object=search.include_object,
            # Flask-Migrate adds compare_type and render_as_batch (SQLite can't ALTER most
            # things; batch mode rebuilds the table instead).
            **current_app.extensions["migrate"].configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()


@contextmanager
def foreign_keys_off_on_sqlite(connection):
    """Turn SQLite's foreign keys off while migrating, as SQLite's own docs advise.

    To drop a column or a constraint SQLite rebuilds the table (batch mode): a new table,
    the rows copied, the old table dropped. With foreign keys on, dropping the old table
    deletes its rows first, and ON DELETE CASCADE would empty the tables that refer to
    it. The pragma only takes effect outside a transaction, so it comes before any.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.commit()  # ends SQLAlchemy's autobegun transaction, so Alembic starts its own
    try:
        yield
        # Checked after the fact: a row left referring to nothing is a bug in a revision.
        orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if orphans:
            raise RuntimeError(f"Migrated, but rows now refer to nothing: {orphans[:5]}")
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
