"""Filters and globals the templates use. Templates format; they never query."""

import re
from collections.abc import Iterable
from datetime import datetime

import humanize
from flask import g, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from .. import limits, media, mentions, tags
from ..comments import can_delete_comment
from ..models import utcnow
from ..security import remote_image
from .icons import icon
from .links import link, post_url


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


def csrf_field() -> Markup:
    """Return the hidden input that carries this request's CSRF token, made once a request.

    Every form on a page carries the same token (flask_wtf keeps it for the request), and
    a feed page has sixty forms.
    """
    if "csrf_field" not in g:
        g.csrf_field = Markup('<input type="hidden" name="csrf_token" value="{}">').format(
            generate_csrf()
        )
    return g.csrf_field


def here() -> str:
    """Return where a button sends the user back to: this page.

    A page shown in answer to a POST (a form sent again) has no address of its own to
    return to, so the button uses its default.
    """
    return request.full_path.rstrip("?") if request.method == "GET" else ""


def with_line_breaks(text: str) -> Markup:
    """Escape text, then keep its line breaks as <br>."""
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


# A mention or a hashtag, found in the text as typed (before escaping, so "&#39;" is never
# read as a tag), each by the pattern its rule module uses.
LINKABLE = re.compile(f"(?P<mention>{mentions.MENTION.pattern})|(?P<tag>{tags.TAG.pattern})")
# Filled in with % (which escapes each part), about three times faster than Markup.format.
MENTION_LINK = Markup('<a class="mention" href="%s">%s</a>')
TAG_LINK = Markup('<a class="hashtag" href="%s">%s</a>')


def linked_text(text: str, people: Iterable[str] = ()) -> Markup:
    """Escape text, keep its line breaks, and link its mentions of people and its hashtags.

    ``people`` are the mentioned names that are people (mentions.known_names, found for
    the whole page by the view): any other name stays plain text. Each piece of the text is
    escaped on its own, and links are built from escaped parts, so nothing typed becomes
    markup (SECURITY.md case 62). Only the first names and tags a rule counts are linked.
    """
    text = text or ""
    if "@" not in text and "#" not in text:
        return with_line_breaks(text)  # most comments: nothing to look for
    linkable_names = set(mentions.names_in(text)) & set(people)
    linkable_tags = set(tags.names_in(text))
    pieces: list[Markup | str] = []
    last = 0
    for match in LINKABLE.finditer(text):
        anchor = None
        if match.group("mention"):
            name = match.group("mention")[1:].rstrip(".").lower()
            if name in linkable_names:
                shown = "@" + name
                anchor = MENTION_LINK % (
                    link("users.profile", username=name),
                    match.group(0)[: len(shown)],
                )
                end = match.start() + len(shown)
        else:
            name = tags.normalise(match.group("tag")[1:])
            if name in linkable_tags:
                anchor = TAG_LINK % (link("discover.tag", name=name), match.group(0))
                end = match.end()
        if anchor is None:
            continue
        pieces += [text[last : match.start()], anchor]
        last = end
    pieces.append(text[last:])
    html = Markup("").join(escape(piece) for piece in pieces)
    return Markup("<br>\n").join(html.split("\n"))


def init_app(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["can_delete_comment"] = can_delete_comment
    app.jinja_env.globals["icon"] = icon
    app.jinja_env.globals["post_url"] = post_url
    app.jinja_env.globals["link"] = link
    app.jinja_env.globals["csrf_field"] = csrf_field
    app.jinja_env.globals["here"] = here
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["short_time_ago"] = short_time_ago
    app.jinja_env.filters["with_line_breaks"] = with_line_breaks
    app.jinja_env.filters["linked"] = linked_text
    app.jinja_env.globals["limits"] = limits
    app.jinja_env.globals["media_url"] = media.image_url
    app.jinja_env.globals["image_urls"] = media.image_urls
    app.jinja_env.globals["remote_image"] = remote_image
