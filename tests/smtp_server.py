"""A real SMTP server on loopback for the tests, with aiosmtpd: it keeps what it receives.

``smtp_server`` starts one per test on a free port; ``mail_app`` points the app at it
(MAIL_SERVER, MAIL_PORT, SITE_URL). Tests read ``smtp_server.messages`` and follow the
links in them through the HTTP client.
"""

import email
import email.policy
import re
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from flaskgram import mail

SITE_URL = "http://localhost"
LINK = re.compile(r"http://localhost(/\S+)")


@dataclass
class Keeper:
    """The aiosmtpd handler: every message it gets, parsed, with its envelope's recipients."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class SMTPServer:
    port: int
    keeper: Keeper

    @property
    def messages(self) -> list[EmailMessage]:
        return self.keeper.messages

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]

    def last_link(self, address: str) -> str:
        """The path of the link in the last message sent to this address."""
        body = self.to(address)[-1].get_content()
        return LINK.findall(body)[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    keeper = Keeper()
    port = free_port()
    controller = Controller(keeper, hostname="127.0.0.1", port=port)
    controller.start()
    yield SMTPServer(port, keeper)
    controller.stop()


@pytest.fixture
def mail_app(app, smtp_server):
    """The app, sending mail to the test's SMTP server, with links under SITE_URL."""
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_USE_TLS=False,
        MAIL_DEFAULT_SENDER="Flaskgram <photos@example.com>",
        SITE_URL=SITE_URL,
    )
    mail.init_app(app)
    return app
