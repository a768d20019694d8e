"""Property tests: arbitrary Unicode never breaks an input rule or the `next` check.

Hypothesis writes the inputs; the properties are what PRODUCT.md promises whatever is
typed: a clean value or a message (never a crash), and redirects that stay on this site.
"""

import string
import unicodedata
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import TEST_CONFIG
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flaskgram import create_app, limits, validation
from flaskgram.security import safe_next_url

# Text as people, browsers and attackers send it: any code point but lone surrogates
# (which no UTF-8 request can carry), long enough to cross every length limit.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=3000)
# Strings built from the characters that make URLs ambiguous, to find tricky redirects.
url_parts = st.text(alphabet=string.printable + "\\\u3002\uff0f\u2044\u00a0", max_size=40)
pathish = st.builds(
    lambda a, b: a + b, st.sampled_from(["/", "//", "/\\", "\\", "", "/%2f"]), url_parts
)
# Hypothesis keeps the same app and client across examples of one test.
many_http_examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

TEXT_RULES = [
    (validation.clean_caption, limits.CAPTION_MAX, True),
    (validation.clean_comment, limits.COMMENT_MAX, True),
    (validation.clean_bio, limits.BIO_MAX, True),
    (validation.clean_alt_text, limits.ALT_TEXT_MAX, False),
    (validation.clean_display_name, limits.DISPLAY_NAME_MAX, False),
]


def outcome(rule, value):
    """Return what the rule stored, or None when it refused with a message."""
    try:
        return rule(value)
    except validation.Invalid as refused:
        assert str(refused), "a refusal always says why"
        return None


@pytest.mark.parametrize(("rule", "max_length", "multiline"), TEXT_RULES)
@given(value=any_text)
def test_free_text_is_stored_clean_or_refused_with_a_message(rule, max_length, multiline, value):
    """Cases 26 and 27: within the length, no control characters but kept line breaks."""
    stored = outcome(rule, value)
    if stored is None:
        return
    assert len(stored) <= max_length
    allowed = {"\n", "\t"} if multiline else set()
    assert all(unicodedata.category(ch) != "Cc" or ch in allowed for ch in stored)
    assert stored == stored.strip()


@given(value=any_text | st.from_regex(r"[A-Za-z0-9._]{1,35}", fullmatch=True))
def test_usernames_are_stored_in_the_one_allowed_shape(value):
    """Case 4: whatever is typed, a stored name is 3-30 of a-z 0-9 . _ and not reserved."""
    stored = outcome(validation.clean_username, value)
    if stored is None:
        return
    assert validation.USERNAME_PATTERN.fullmatch(stored)
    assert limits.USERNAME_MIN <= len(stored) <= limits.USERNAME_MAX
    assert ".." not in stored and not stored.startswith(".") and not stored.endswith(".")
    assert stored not in validation.RESERVED_USERNAMES


@given(value=any_text | st.emails())
def test_emails_are_stored_lowercase_and_within_the_limit(value):
    stored = outcome(validation.clean_email, value)
    if stored is None:
        return
    assert stored == stored.lower()
    assert "@" in stored and len(stored) <= limits.EMAIL_MAX


@given(value=any_text)
def test_passwords_are_kept_exactly_as_typed_or_refused(value):
    """Cases 1 and 2: never trimmed or cut; too short, too long and common ones refused."""
    stored = outcome(validation.check_password, value)
    if stored is None:
        return
    assert stored == value
    assert limits.PASSWORD_MIN <= len(stored) <= limits.PASSWORD_MAX


@given(value=any_text | st.builds(lambda rest: "https://" + rest, any_text))
def test_image_addresses_are_https_without_credentials_or_refused(value):
    """Case 35: https only, no user:pass@, at most 2,048 characters."""
    stored = outcome(validation.clean_image_url, value)
    if stored is None:
        return
    parts = urlsplit(stored)
    assert parts.scheme == "https" and parts.hostname
    assert parts.username is None and parts.password is None
    assert len(stored) <= limits.IMAGE_URL_MAX


@pytest.fixture(scope="module")
def bare_app():
    """An app with no database behind it: the `next` check needs only a request."""
    return create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})


def lands_on_this_site(location: str) -> bool:
    """Resolve a redirect target as a browser would, from a page of this site."""
    # Browsers drop tabs and newlines in URLs and read "\" as "/", so judge that form too.
    for candidate in (location, location.replace("\\", "/")):
        candidate = "".join(ch for ch in candidate if ch not in "\t\n\r")
        resolved = urlsplit(urljoin("https://flaskgram.example/feed", candidate))
        if resolved.scheme != "https" or resolved.netloc != "flaskgram.example":
            return False
    return True


@given(target=any_text | pathish)
@example(target="/\\evil.example")
@example(target="//evil.example")
@example(target="javascript:alert(1)")
@example(target="/%5Cevil.example")
def test_next_never_leaves_the_site(bare_app, target):
    """Case 18: any `next` is either kept as a path here or replaced by the feed."""
    with bare_app.test_request_context():
        chosen = safe_next_url(target)
    assert chosen == "/" or chosen == target
    assert lands_on_this_site(chosen)


@many_http_examples
@given(target=any_text | pathish)
def test_login_redirect_never_leaves_the_site_over_http(logged_in, client, target):
    """Case 18 through the HTTP client: a logged-in visit to /login?next= redirects here."""
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert lands_on_this_site(response.headers["Location"])


@many_http_examples
@given(username=any_text, email=any_text, password=any_text)
def test_signup_answers_any_unicode_without_a_500(client, username, email, password):
    """Cases 4 and 27: arbitrary input gets a page with a status below 500."""
    response = client.post_form(
        "/signup", {"username": username, "email": email, "password": password}
    )
    assert response.status_code in (302, 400, 409)


@many_http_examples
@given(body=any_text)
def test_comments_answer_any_unicode_without_a_500(logged_in, client, make_post, body):
    """Case 27: a comment is stored, or refused with 400; never a 500."""
    post = make_post(logged_in)
    response = client.post_form(f"/p/{post.id}/comments", {"body": body})
    assert response.status_code in (302, 400)
