"""E-mail, sent only when the site is configured for it (MAIL_SERVER), with Flask-Mailman.

Links in mail are built from SITE_URL, never from the request's Host header, which
whoever sends the request chooses (a reset link pointing at their own site would hand
them the token).
"""

import logging
from urllib.parse import urlsplit

from flask import current_app
from flask_mailman import EmailMessage, Mail

log = logging.getLogger(__name__)
mail = Mail()


class MailSettingsMissing(ValueError):
    """MAIL_SERVER is set but the site's address (SITE_URL) is not, or is not a URL; or
    EMAIL_VERIFICATION is on without MAIL_SERVER."""


def init_app(app) -> None:
    """Check the settings and bind Flask-Mailman; called again by tests that change them."""
    if app.config["MAIL_SERVER"]:
        site = urlsplit(app.config["SITE_URL"] or "")
        if site.scheme not in ("http", "https") or not site.netloc:
            raise MailSettingsMissing(
                "MAIL_SERVER is set, so SITE_URL must be too: the site's address for links "
                "in e-mails, like https://photos.example.com"
            )
    elif app.config["EMAIL_VERIFICATION"]:
        raise MailSettingsMissing("EMAIL_VERIFICATION needs mail: set MAIL_SERVER and SITE_URL.")
    mail.init_app(app)


def is_configured() -> bool:
    return bool(current_app.config["MAIL_SERVER"])


def send(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; raises the mail server's error if it fails."""
    message = EmailMessage(subject=subject, body=body, to=[to])
    message.send()
