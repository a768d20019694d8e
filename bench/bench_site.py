"""The Flask app the benchmarks open: a database URL (a SQLite file by default) and
settings for measuring, not for guarding (no rate limits, plain http)."""

import tempfile

import sqlalchemy as sa

from flaskgram import create_app

SECRET_KEY = "bench"  # noqa: S105 (a throwaway site on loopback)

SETTINGS = {
    "HTTPS": False,
    "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_METHOD": "scrypt:256:8:1",
}


MARIADB_SERVER = "mysql+pymysql://root@127.0.0.1:3306"


def database_url(database: str, size) -> str:
    """A database of the size's own: "sqlite", "mariadb" (the local server), or a URL."""
    name = f"flaskgram_bench_{size.posts}"
    if database == "sqlite":
        return f"sqlite:///{tempfile.gettempdir()}/{name}.db"
    if database == "mariadb":
        server = sa.create_engine(MARIADB_SERVER)
        with server.connect() as connection:
            connection.exec_driver_sql(
                f"CREATE DATABASE IF NOT EXISTS {name}"
                " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        server.dispose()
        return f"{MARIADB_SERVER}/{name}?charset=utf8mb4"
    return database


def open_site(database: str, size):
    """The app on that database, and its URL."""
    url = database_url(database, size)
    return create_app({**SETTINGS, "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url}), url


def environment(url: str) -> dict[str, str]:
    """The same settings as FLASKGRAM_* variables, for gunicorn."""
    return {
        "FLASKGRAM_DATABASE_URL": url,
        "FLASKGRAM_SECRET_KEY": SECRET_KEY,
        "FLASKGRAM_HTTPS": "false",
        "FLASKGRAM_RATELIMIT_ENABLED": "false",
        "FLASKGRAM_PASSWORD_HASH_METHOD": SETTINGS["PASSWORD_HASH_METHOD"],
    }
