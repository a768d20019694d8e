"""Default settings, safe on a laptop; production overrides them with FLASKGRAM_* variables.

Every setting here can be changed with an environment variable of the same name
prefixed by ``FLASKGRAM_`` (for example ``FLASKGRAM_DATABASE_URL``). Values are
parsed as JSON when they can be, so ``FLASKGRAM_HTTPS=false`` is a boolean.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from . import limits


class DefaultConfig:
    # An SQLAlchemy URL; empty means the SQLite file instance/flaskgram.db.
    # MariaDB: mysql+pymysql://user:pass@127.0.0.1/flaskgram?charset=utf8mb4
    DATABASE_URL = ""
    # MariaDB/MySQL only: a replica of DATABASE_URL for read-only requests (replicas.py);
    # empty, every query goes to DATABASE_URL. A person's own writes are read from a
    # replica only once it has them: it gets DATABASE_REPLICA_WAIT_SECONDS to catch up,
    # then the primary answers. A browser carries its last write in its session cookie;
    # a logged-in person's is kept in Redis at DATABASE_REPLICA_POSITIONS_URL
    # (redis://host:6379) for their API calls and other browsers. Without it, logged-in
    # API calls read from the primary.
    DATABASE_REPLICA_URL = ""
    DATABASE_REPLICA_WAIT_SECONDS = 0.2
    DATABASE_REPLICA_POSITIONS_URL = ""
    # After the replica fails to answer, read from the primary this long before trying it.
    DATABASE_REPLICA_RETRY_SECONDS = 5

    # Served over HTTPS: Secure cookies, HSTS and a redirect from http://.
    # `python app.py` and `make run` serve plain http on loopback and turn it off.
    HTTPS = True
    # How many reverse proxies (nginx, a load balancer) sit in front of the app. Their
    # X-Forwarded-For/-Proto/-Host headers are believed only then; with 0, ignored.
    PROXY_COUNT = 0
    # Where `python app.py` and `make run` listen. "0.0.0.0" lets other machines in.
    # (`flask run` has its own --host/--port; production binds gunicorn's --bind.)
    HOST = "127.0.0.1"
    PORT = 5000

    # The host names the site answers to, e.g. ["photos.example.com"]; a request for any
    # other Host gets a 400. None (Flask's default) answers to any name.
    TRUSTED_HOSTS = None

    # Browsers may keep /static/ files (the stylesheet, the script, icons) for an hour
    # without asking again, as when nginx serves them (docs/nginx.conf). Flask's default
    # makes every page load ask about every file again.
    SEND_FILE_MAX_AGE_DEFAULT = 3600

    # Log lines go to stderr (unless logging is already set up), each with its request id.
    LOG_LEVEL = "INFO"

    # Werkzeug's hash method. scrypt N=2^15, r=8, p=3 meets OWASP/ASVS 5 guidance.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:3"  # noqa: S105 (a method name, not a password)

    # Server-side sessions: an idle limit and an absolute limit.
    SESSION_IDLE_SECONDS = int(timedelta(days=14).total_seconds())
    SESSION_MAX_SECONDS = int(timedelta(days=60).total_seconds())

    # Failed logins per account and client, counted in the database so every worker
    # sees them: after this many failures on an account in the window, a client that
    # failed on it waits; a client that did not (the owner's phone) may still log in.
    LOGIN_FAILURE_LIMIT = 10
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

    # Per-address limits (Flask-Limiter syntax) on POSTs, sized for a family or a class
    # behind one shared address (NAT). Too many get 429 with Retry-After.
    LOGIN_RATE_LIMIT = "100 per 15 minutes"  # failed logins only; successes never count
    SIGNUP_RATE_LIMIT = "60 per hour"
    NEW_POST_RATE_LIMIT = "100 per hour"
    COMMENT_RATE_LIMIT = "30 per minute"
    LIKE_RATE_LIMIT = "120 per minute"  # likes and unlikes together
    SAVE_RATE_LIMIT = "120 per minute"  # saves and unsaves together
    FOLLOW_RATE_LIMIT = "60 per minute"  # follows and unfollows together
    SETTINGS_RATE_LIMIT = "30 per 10 minutes"  # every POST under /settings together
    # "Forgot password", "send the link again" and using a reset link, pages and API together.
    PASSWORD_RESET_RATE_LIMIT = "20 per hour"  # noqa: S105 (a limit, not a password)
    # Where those counts live. memory:// counts in each process: with several gunicorn
    # workers (or servers) every one keeps its own counts, so a client gets up to that
    # many times each limit above. Set redis://host:6379 to share one count. The
    # per-account login throttle above is in the database and holds either way.
    RATELIMIT_STORAGE_URI = "memory://"

    # The React client as Vite built it (index.html and assets/), served at /app/ by
    # web/client.py. Empty means frontend/dist in this repository.
    CLIENT_DIST = ""

    # The site's own address, like "https://photos.example.com": links in e-mail are built
    # from it, never from the request's Host header. Required with MAIL_SERVER.
    SITE_URL = ""

    # Account recovery (recovery/). A reset link an admin makes lasts this many hours; one
    # sent by e-mail lasts PASSWORD_RESET_EMAIL_HOURS. Each works once.
    PASSWORD_RESET_HOURS = 24
    PASSWORD_RESET_EMAIL_HOURS = 1
    # Reset (and address-check) e-mails one address gets per hour at most; past that the
    # answer stays the same and nothing is sent.
    PASSWORD_RESET_EMAILS_PER_HOUR = 3
    # With mail configured: new accounts confirm their address before they may log in.
    EMAIL_VERIFICATION = False
    EMAIL_VERIFICATION_HOURS = 48

    # E-mail (Flask-Mailman). Empty MAIL_SERVER: no mail at all; "Forgot password?" is
    # hidden and /forgot is 404, and admins' reset links still work.
    MAIL_SERVER = ""
    MAIL_PORT = 587
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = True  # STARTTLS on MAIL_PORT
    MAIL_USE_SSL = False  # TLS from the first byte (usually port 465)
    MAIL_DEFAULT_SENDER = None  # e.g. "Flaskgram <photos@example.com>"
    MAIL_TIMEOUT = 10
    MAIL_BACKEND = "smtp"  # Flask-Mailman would use its in-memory one under TESTING

    # Behind nginx with local media storage: nginx's internal location for the media
    # folder (e.g. "/_media/"); /media answers X-Accel-Redirect and nginx sends the bytes.
    # Empty: the app sends them. See docs/nginx.conf.
    MEDIA_ACCEL_REDIRECT = ""

    POSTS_PER_PAGE = 20
    # A post's page shows its comments this many at a time, oldest first.
    COMMENTS_PER_PAGE = 50
    # Whether whoever may see a post may also download its photos' kept originals (full
    # size, metadata removed). Off: no download links, and the downloads answer 404.
    # Originals are kept either way, so turning it on again brings them back.
    ORIGINALS_DOWNLOADABLE = True
    # Fetching a post's picture by address (fetch.py), in seconds: to connect, to wait
    # for each part of the answer, and for the whole download.
    FETCH_CONNECT_TIMEOUT = 3
    FETCH_READ_TIMEOUT = 5
    FETCH_DEADLINE = 20
    # Request bodies: a 15 MB upload plus the rest of its form; a new post's may carry
    # limits.PHOTOS_PER_POST_MAX of them (the views marked security.takes_photos).
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    NEW_POST_MAX_CONTENT_LENGTH = limits.NEW_POST_MAX_BYTES
    WTF_CSRF_TIME_LIMIT = 3600 * 4

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"


def load(app, test_config=None):
    """Fill app.config from the defaults, the environment and the tests, in that order."""
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("FLASKGRAM")
    if test_config:
        app.config.from_mapping(test_config)

    config = app.config
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"] or default_database_url(
        app.instance_path
    )
    config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    config["SESSION_COOKIE_SECURE"] = config["HTTPS"]
    config["REMEMBER_COOKIE_SECURE"] = config["HTTPS"]
    config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=config["SESSION_MAX_SECONDS"])
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=config["SESSION_MAX_SECONDS"])


def default_database_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'flaskgram.db'}"


def instance_secret_key(instance_path: str) -> str:
    """Read the key kept in instance/, making one on first run so no secret is committed."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def backend_name(database_url: str) -> str:
    """Name the database kind of a URL: "sqlite" or "mysql" (MariaDB included)."""
    return make_url(database_url).get_backend_name()
