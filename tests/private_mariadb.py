"""MariaDB servers of the tests' own, each on its own port and data folder.

Stopping or lagging one never disturbs the shared server the other tests use
(test_outage.py stops one; test_replicas.py runs a primary and its replica).
"""

import shutil
import signal
import subprocess
from pathlib import Path

import pymysql
import pytest
from conftest import REQUIRE_MARIADB
from live_server import free_port, wait_for

MARIADBD = shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin")
INSTALL_DB = shutil.which("mariadb-install-db")
DATABASE = "flaskgram"
SERVER_SECONDS = 60


def require_mariadbd() -> None:
    """Skip the test without a MariaDB server to start; fail instead where CI requires one."""
    if not (MARIADBD and INSTALL_DB):
        message = "mariadbd and mariadb-install-db are needed (apt-get install mariadb-server)"
        if REQUIRE_MARIADB:
            pytest.fail(message)
        pytest.skip(message)


class PrivateMariaDB:
    """A MariaDB server of our own: install, start, stop with a signal, start again."""

    def __init__(self, folder: Path, options: tuple[str, ...] = ()):
        self.folder = folder
        self.datadir = folder / "data"
        self.options = options  # more mariadbd options, e.g. ("--log-bin", "--server-id=1")
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"mysql+pymysql://root@127.0.0.1:{self.port}/{DATABASE}?charset=utf8mb4"

    def install(self) -> None:
        subprocess.run(  # noqa: S603 (a fixed command)
            [
                INSTALL_DB,
                "--no-defaults",
                "--user=root",
                f"--datadir={self.datadir}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        with open(self.folder / "mariadbd.log", "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command)
                [
                    MARIADBD,
                    "--no-defaults",
                    "--user=root",
                    f"--datadir={self.datadir}",
                    f"--socket={self.folder / 'mariadbd.sock'}",
                    f"--pid-file={self.folder / 'mariadbd.pid'}",
                    f"--port={self.port}",
                    "--bind-address=127.0.0.1",
                    "--skip-networking=0",
                    "--innodb-buffer-pool-size=32M",
                    *self.options,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self.answers, SERVER_SECONDS, "MariaDB")

    def answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"mariadbd exited: {(self.folder / 'mariadbd.log').read_text()}")
        try:
            self.connect().close()
        except pymysql.err.OperationalError:
            return False
        return True

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        self.process.send_signal(how)
        self.process.wait(timeout=SERVER_SECONDS)

    def kill(self) -> None:
        """Stop it at once if it runs; the end of every fixture that started it."""
        if self.running:
            self.process.kill()
            self.process.wait()

    def connect(self, database: str | None = None):
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            database=database,
            connect_timeout=5,
            autocommit=True,
        )

    def execute(self, *statements: str, database: str | None = DATABASE) -> list[tuple]:
        """Run statements on this server; return the last one's rows."""
        with self.connect(database) as connection, connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return list(cursor.fetchall())

    def create_database(self) -> None:
        self.execute(
            f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            database=None,
        )
