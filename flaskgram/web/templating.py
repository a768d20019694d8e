"""Filters and globals the templates use. Templates format; they never query."""

from datetime import datetime

import humanize
from markupsafe import Markup, escape

from .. import limits, media
from ..comments import can_delete_comment
from ..models import utcnow
from ..security import remote_image


def time_ago(moment: datetime) -> str:
    """Say how long ago a moment was, as "3 minutes ago" or "2 days ago"."""
    return humanize.naturaltime(utcnow() - moment)


def short_time_ago(moment: datetime) -> str:
    """Say how long ago a moment was in a few letters, as "now", "5m", "3h", "2d" or "4w"."""
    seconds = (utcnow() - moment).total_seconds()
    for unit, size in (("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"


def with_line_breaks(text: str) -> Markup:
    """Escape text, then keep its line breaks as <br>."""
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["can_delete_comment"] = can_delete_comment
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["short_time_ago"] = short_time_ago
    app.jinja_env.filters["with_line_breaks"] = with_line_breaks
    app.jinja_env.globals["limits"] = limits
    app.jinja_env.globals["media_url"] = media.image_url
    app.jinja_env.globals["image_urls"] = media.image_urls
    app.jinja_env.globals["remote_image"] = remote_image
