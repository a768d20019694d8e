"""Input rules from PRODUCT.md as plain functions, shared by the HTML forms and the API.

Each ``clean_*`` function takes what a person typed and returns the value to store, or
raises ``Invalid`` with a message written for that person.
"""

import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from . import limits
from .problems import Invalid

USERNAME_PATTERN = re.compile(r"[a-z0-9._]+")
RESERVED_USERNAMES = frozenset(
    """
    about account accounts admin administrator api app assets auth blog edit explore
    feed following followers forgot healthz help home login logout media new null p post
    posts privacy reset root security settings signup static support terms u undefined user
    users verify www
    """.split()
)
# Line breaks and tabs are kept in multi-line text; every other control character is refused.
MULTILINE_KEEP = frozenset("\n\t")


def clean_text(
    value: str | None,
    *,
    max_length: int,
    min_length: int = 0,
    multiline: bool = False,
    what: str = "This",
) -> str:
    """Check the length and characters of free text, trimming the ends."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = MULTILINE_KEEP if multiline else frozenset()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise Invalid(f"{what} contains control characters; please remove them.")
    if len(text) < min_length:
        raise Invalid(
            f"{what} can't be empty."
            if min_length == 1
            else f"{what} needs at least {min_length} characters."
        )
    if len(text) > max_length:
        raise Invalid(f"{what} can be at most {max_length:,} characters (you have {len(text):,}).")
    return text


def clean_username(value: str | None) -> str:
    name = (value or "").strip().lower()
    if not limits.USERNAME_MIN <= len(name) <= limits.USERNAME_MAX:
        raise Invalid(f"Usernames have {limits.USERNAME_MIN} to {limits.USERNAME_MAX} characters.")
    if not USERNAME_PATTERN.fullmatch(name):
        raise Invalid("Use only letters, numbers, dots and underscores.")
    if name.startswith(".") or name.endswith(".") or ".." in name:
        raise Invalid("A username can't start or end with a dot, or have two in a row.")
    if name in RESERVED_USERNAMES:
        raise Invalid("That username is reserved. Please pick another.")
    return name


def clean_email(value: str | None) -> str:
    """Return the address in lowercase, the form that makes it unique regardless of case."""
    address = (value or "").strip()
    if len(address) > limits.EMAIL_MAX:
        raise Invalid(f"An email address has at most {limits.EMAIL_MAX} characters.")
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid("Enter a valid email address, like name@example.com.") from None
    return checked.normalized.lower()


@cache
def common_passwords() -> frozenset[str]:
    # zxcvbn ships an offline list of the 30,000 most used passwords.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(password: str | None) -> str:
    """Return the password unchanged (never trimmed or cut) if it is acceptable."""
    password = password or ""
    if len(password) < limits.PASSWORD_MIN:
        raise Invalid(f"Use at least {limits.PASSWORD_MIN} characters.")
    if len(password) > limits.PASSWORD_MAX:
        raise Invalid(f"Use at most {limits.PASSWORD_MAX} characters.")
    if "\x00" in password:
        raise Invalid("A password can't contain a NUL character.")
    if password.lower() in common_passwords():
        raise Invalid("That password is too common. Please choose a less guessable one.")
    return password


def clean_image_url(value: str | None) -> str:
    url = (value or "").strip()
    if len(url) > limits.IMAGE_URL_MAX:
        raise Invalid(f"An image address has at most {limits.IMAGE_URL_MAX:,} characters.")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise Invalid("An image address can't contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError:  # for example an unclosed [IPv6 bracket, or port 99999
        raise Invalid("That isn't a valid image address.") from None
    if parts.scheme != "https" or not host:
        raise Invalid("Use an https:// image address.")
    if parts.username is not None or parts.password is not None:
        raise Invalid("An image address can't contain a username or password.")
    return url


def clean_caption(value: str | None) -> str:
    return clean_text(value, max_length=limits.CAPTION_MAX, multiline=True, what="The caption")


def clean_alt_text(value: str | None) -> str:
    return clean_text(value, max_length=limits.ALT_TEXT_MAX, what="The alt text")


def clean_comment(value: str | None) -> str:
    return clean_text(
        value, max_length=limits.COMMENT_MAX, min_length=1, multiline=True, what="A comment"
    )


def clean_bio(value: str | None) -> str:
    return clean_text(value, max_length=limits.BIO_MAX, multiline=True, what="The bio")


def clean_display_name(value: str | None) -> str:
    return clean_text(value, max_length=limits.DISPLAY_NAME_MAX, what="The name")
