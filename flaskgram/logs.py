"""Logging: every line names the request it was written in, by the id its response carries.

A request's id is made when it starts, sent back in the ``X-Request-ID`` header and shown
on error pages, so a person's "request 3f2a..." leads straight to the matching log lines.
"""

import logging
import secrets

from flask import g, has_request_context

FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
NO_REQUEST = "-"


def request_id() -> str:
    """Return the current request's id, made on first use, or "-" outside a request.

    Made on first use because an error can come before any before_request hook ran.
    """
    if not has_request_context():
        return NO_REQUEST
    return g.setdefault("request_id", secrets.token_hex(8))


def assign_request_id():
    request_id()


def send_request_id(response):
    response.headers["X-Request-ID"] = request_id()
    return response


def stamp_records_with_request_id():
    """Give every log record, from our code or any library, the id of its request."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return  # an earlier app in this process installed it

    def make_stamped_record(*args, **kwargs):
        record = make_record(*args, **kwargs)
        record.request_id = request_id()
        return record

    make_stamped_record.stamps_request_id = True
    logging.setLogRecordFactory(make_stamped_record)


def init_app(app):
    stamp_records_with_request_id()
    # Respect logging that is already set up (gunicorn --log-config, pytest); otherwise
    # print to stderr, where systemd and docker collect it.
    if not logging.getLogger().handlers:
        logging.basicConfig(format=FORMAT, level=app.config["LOG_LEVEL"].upper())
    # The first thing a request does, so even a refusal by a later check has its id.
    app.before_request(assign_request_id)
    app.after_request(send_request_id)
