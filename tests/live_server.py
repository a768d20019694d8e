"""A real gunicorn serving the app, and a browser that talks to it over loopback HTTP."""

import http.cookiejar
import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from conftest import CSRF_INPUT, TEST_CONFIG
from werkzeug.test import encode_multipart

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(ready: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll until ready() is true; fail after the deadline (readiness, not a fixed sleep)."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {seconds} s")
        time.sleep(0.05)


ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_DEFAULTS = None  # gunicorn.conf.py's own worker count, as a deployment runs it


@contextmanager
def gunicorn(
    database_url: str,
    folder: Path,
    workers: int | None = 3,
    settings: dict[str, str] | None = None,
    name: str = "gunicorn",
):
    """Serve the app with the repository's gunicorn.conf.py on a free port.

    Yield (base URL, server process). ``workers=PRODUCTION_DEFAULTS`` keeps the config's
    own worker and thread counts; ``settings`` adds FLASKGRAM_* variables. The server's log
    goes to folder/<name>.log (a pipe nobody reads would block the workers once it fills
    up); afterwards it must hold no traceback and no "database is locked".
    """
    port = free_port()
    env = {
        **os.environ,
        "FLASKGRAM_DATABASE_URL": database_url,
        "FLASKGRAM_SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "FLASKGRAM_HTTPS": "false",
        "FLASKGRAM_PASSWORD_HASH_METHOD": TEST_CONFIG["PASSWORD_HASH_METHOD"],
        "FLASKGRAM_MEDIA_ROOT": str(folder / "media"),
        **(settings or {}),
    }
    for variable in ("FLASKGRAM_WORKERS", "FLASKGRAM_THREADS"):
        env.pop(variable, None)
    if workers is not None:
        env["FLASKGRAM_WORKERS"] = str(workers)
    log_path = folder / f"{name}.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"),
        # Several test servers run at once: none may take over the shared control socket.
        *("--no-control-socket", "--log-level", "warning"),
    ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, stderr=log)  # noqa: S603 (our own server)
    expected_workers = workers or int(gunicorn_config()["workers"])
    base = f"http://127.0.0.1:{port}"
    try:

        def started() -> bool:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log_path.read_text()}")
            return answers(base)

        wait_for(started, STARTUP_SECONDS, "gunicorn")
        wait_for(
            lambda: len(worker_pids(server.pid)) == expected_workers, STARTUP_SECONDS, "workers"
        )
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    errors = log_path.read_text()
    assert "database is locked" not in errors, errors[-4000:]
    assert "Traceback" not in errors, errors[-4000:]


def gunicorn_config() -> dict:
    """The settings the repository's gunicorn.conf.py makes in this environment."""
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def answers(base: str) -> bool:
    try:
        urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310
    except urllib.error.HTTPError:
        return True  # an answer all the same (a database that is still starting)
    except OSError:  # refused, reset or timed out: not listening yet
        return False
    return True


def worker_pids(master: int) -> list[int]:
    """The gunicorn worker processes: the master's children, found in /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended while we looked
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == master:
            children.append(int(entry.name))
    return sorted(children)


@dataclass
class Answer:
    status: int
    headers: Message  # case-insensitive; a missing header reads as None
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person with their own cookies, talking to the server over real HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )
        self.token = ""
        self.api_token = ""

    def request(self, method: str, path: str, data: dict | None = None, files=None) -> Answer:
        """Send a request; a POST carries the CSRF token like a form would."""
        body, headers = None, {}
        if path.startswith("/api/"):  # the API takes the bearer token, never the cookie
            headers["Authorization"] = f"Bearer {self.api_token}"
            if data is not None:
                body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif method == "POST":
            fields = {"csrf_token": self.token, **(data or {}), **(files or {})}
            if files:
                boundary, body = encode_multipart(fields)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(fields).encode()
        sent = urllib.request.Request(self.base + path, body, headers, method=method)  # noqa: S310
        try:
            with self.opener.open(sent, timeout=60) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers, error.read())

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None, files=None) -> Answer:
        return self.request("POST", path, data, files)

    def pick_up_token(self, path: str = "/login") -> None:
        page = self.get(path)
        assert page.status == 200, page.text
        self.token = CSRF_INPUT.search(page.text).group(1)

    def sign_up(self, username: str, password: str) -> None:
        self.pick_up_token("/signup")
        email = f"{username}@example.com"
        answer = self.post("/signup", {"username": username, "email": email, "password": password})
        assert answer.status == 302, answer.text
        self.pick_up_token("/posts/new")

    def api_log_in(self, username: str, password: str) -> None:
        """Trade the password for an API access token, as a phone app does."""
        answer = self.post("/api/v1/auth/token", {"username": username, "password": password})
        assert answer.status == 200, answer.text
        self.api_token = json.loads(answer.text)["access_token"]

    def log_in(self, username: str, password: str) -> None:
        self.pick_up_token("/login")
        answer = self.post("/login", {"username": username, "password": password})
        assert answer.status == 302, answer.text
        self.pick_up_token("/posts/new")
