"""The development server behind `python app.py` and `make run`: plain http, one machine."""

import sqlalchemy as sa
from werkzeug.serving import make_server

from .extensions import db
from .models import Post, User


def address_of(host: str, port: int) -> str:
    """Return the address to open in a browser for a server listening on host:port."""
    if host in ("", "0.0.0.0"):  # noqa: S104 (every interface: this machine is one of them)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def banner(address: str, users: int, posts: int) -> str:
    """Say where the site is, whether it is empty, and how to fill it with demo content."""
    if users == 0 and posts == 0:
        site = "The site is empty (no users, no posts): sign up there, or stop it and run"
        site += " `make demo`."
    else:
        site = f"The site has {users:,} users and {posts:,} posts"
        site += " (`make demo` adds demo people, once)."
    return f"Flaskgram is running at {address}  (Ctrl+C stops it)\n{site}"


def site_counts() -> tuple[int, int]:
    """Count the users and posts, in the app's database (needs an app context)."""
    count = sa.select(sa.func.count())
    return (
        db.session.execute(count.select_from(User)).scalar_one(),
        db.session.execute(count.select_from(Post)).scalar_one(),
    )


def serve(app) -> None:
    """Listen on the HOST and PORT settings, say so once the socket is open, and serve."""
    with app.app_context():
        users, posts = site_counts()
    host, port = app.config["HOST"], int(app.config["PORT"])
    server = make_server(host, port, app, threaded=True)
    print(banner(address_of(host, server.port), users, posts), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
