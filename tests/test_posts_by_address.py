"""Posts by https:// address: the picture is fetched once, safely, and kept (SECURITY.md case 44).

The picture site is a real HTTPS server on loopback (tests/sites.py) that only the test's
app may reach, by the made-up name pics.test: every other way to this machine is refused.
"""

import html
import ipaddress
import socket
import time
from urllib.parse import quote

import pytest
import sites
import sqlalchemy as sa
from conftest import IMAGE, new_post, post_id_of, textarea
from photos import close_to, img_tags, latest_photo, latest_post, media_files, opened

from flaskgram import fetch
from flaskgram.extensions import db
from flaskgram.models import Post, PostImage, User

CAPTION = "From the web 🌍"


def storage_of(app, name: str) -> bytes:
    with app.app_context():
        from flaskgram.media import current_storage

        return current_storage().read(name)


def assert_refused_and_kept(response, app, row_count, status: int, message: str, address: str):
    """The refusal shows its message at the address field, the form as typed, nothing stored."""
    assert response.status_code == status, response.text
    assert message in html.unescape(response.text)
    assert 'id="image_url-error"' in response.text
    assert textarea(response.text, "caption") == CAPTION
    assert f'value="{address.replace("&", "&amp;")}"' in response.text
    assert row_count(Post) == 0
    assert media_files(app) == []


def test_post_by_address_is_fetched_once_and_stored_like_an_upload(
    app, client, logged_in, picture_site, scalar
):
    """Case 44: one download, upright, no EXIF, two renditions; pages never point elsewhere.

    pics.test resolves nowhere but in the app's LocalSites, so reaching it at all shows
    that the checked IP was dialled and the name used only for SNI and the certificate."""
    address = picture_site.url("/photo.jpg?size=large")
    response = new_post(client, caption=CAPTION, image_url=address, alt_text="Red and blue")
    post_id = post_id_of(response)

    post = latest_post(app)
    [photo] = post.images
    assert (post.id, photo.remote_url, photo.source_url) == (post_id, None, address)
    assert (photo.width, photo.height) == (400, 600)  # stored sideways, shown upright
    assert photo.alt_text == "Red and blue"
    display = opened(storage_of(app, photo.image_name))
    assert display.size == (400, 600) and not display.getexif()
    assert close_to(display.getpixel((200, 50)), (255, 0, 0))  # the red half is now on top
    assert len(media_files(app)) == 2  # display and thumbnail
    assert scalar(sa.select(User.post_count).where(User.id == logged_in.id)) == 1

    for path in ("/", f"/p/{post_id}", "/u/alice"):
        page = client.get(path)
        assert sites.NAME not in page.text, path  # viewers never contact the other site
        assert all(tag["src"].startswith("/media/") for tag in img_tags(page.text)), path
        assert "img-src 'self';" in page.headers["Content-Security-Policy"]

    record = picture_site.record
    assert record.connections == 1 and len(record.requests) == 1
    path, headers = record.requests[0]
    assert path == "/photo.jpg?size=large"
    assert headers["Host"] == f"{sites.NAME}:{picture_site.port}"
    assert not {"Cookie", "Authorization", "Referer"} & set(headers)
    assert record.server_names == [sites.NAME]  # SNI names the host: the IP was dialled


# Every form of an address on this machine or a private network, on the picture site's port
# so that a fetch that wrongly went ahead would reach the running server and be counted.
REFUSED_HOSTS = [
    "127.0.0.1",
    "localhost",
    "LOCALHOST.",
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[fe80::1]",
    "[fc00::1]",
    "0.0.0.0",
    "[::]",
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "127.1",
    "0x7f.1",
    "224.0.0.1",
    "[ff02::1]",
    "100.64.0.1",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::1]",
]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_addresses_on_this_machine_or_network_are_refused(
    app, client, logged_in, picture_site, row_count, host
):
    """Case 44: 400 before any connection, caption kept, no row and no file."""
    address = f"https://{host}:{picture_site.port}/photo.jpg"
    response = new_post(client, caption=CAPTION, image_url=address)
    assert_refused_and_kept(response, app, row_count, 400, fetch.NOT_PUBLIC, address)
    assert picture_site.record.connections == 0


@pytest.mark.parametrize(
    "answers",
    [["93.184.215.14", "10.0.0.5"], ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::1"]],
)
def test_a_name_with_any_private_address_is_refused(
    app, client, logged_in, monkeypatch, row_count, answers
):
    """Case 44: every address a name resolves to must be public, not just the first."""
    real_getaddrinfo = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host != "mixed.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[ipaddress.ip_address(ip).version], socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answers
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)  # DNS only: nothing is contacted
    address = "https://mixed.example/photo.jpg"
    response = new_post(client, caption=CAPTION, image_url=address)
    assert_refused_and_kept(response, app, row_count, 400, fetch.NOT_PUBLIC, address)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("https://127.0.0.1:{port}/photo.jpg", fetch.NOT_PUBLIC),
        ("https://localhost:{port}/photo.jpg", fetch.NOT_PUBLIC),
        ("https://[::ffff:10.0.0.1]/photo.jpg", fetch.NOT_PUBLIC),
        ("https://169.254.169.254/latest/meta-data/", fetch.NOT_PUBLIC),
        ("http://pics.test:{port}/photo.jpg", "Use an https:// image address."),
        ("https://user:secret@pics.test:{port}/photo.jpg", "can't contain a username"),
        ("file:///etc/passwd", "Use an https:// image address."),
    ],
)
def test_redirects_are_checked_like_the_address(
    app, client, logged_in, picture_site, row_count, target, message
):
    """Case 44: a redirect to a private address or a plain-http one is refused (400)."""
    address = picture_site.url("/to?" + quote(target.format(port=picture_site.port), safe=""))
    response = new_post(client, caption=CAPTION, image_url=address)
    assert_refused_and_kept(response, app, row_count, 400, message, address)
    assert picture_site.record.connections == 1  # the first address only


@pytest.mark.parametrize(("hops", "status"), [(1, 302), (3, 302), (4, 502)])
def test_at_most_three_redirects(app, client, logged_in, picture_site, row_count, hops, status):
    """Case 44: three redirects are followed, sending no cookies; a fourth is a 502, no row."""
    address = picture_site.url(f"/hops/{hops}")
    response = new_post(client, caption=CAPTION, image_url=address)
    if status == 302:
        post_id_of(response)
        assert latest_photo(app).source_url == address and len(media_files(app)) == 2
        # Each redirect set a cookie: none was sent back.
        assert len(picture_site.record.requests) == hops + 1
        assert not any("Cookie" in headers for _path, headers in picture_site.record.requests)
    else:
        message = fetch.TOO_MANY_REDIRECTS
        assert_refused_and_kept(response, app, row_count, status, message, address)
        assert len(picture_site.record.requests) == 4


@pytest.mark.parametrize(
    ("path", "host", "status", "message"),
    [
        ("/huge-declared", sites.NAME, 413, "That file is too large (max 15 MB)."),
        ("/huge", sites.NAME, 413, "That file is too large (max 15 MB)."),
        ("/silent", sites.NAME, 504, fetch.TIMED_OUT),
        ("/drip", sites.NAME, 504, fetch.TIMED_OUT),
        ("/page.jpg", sites.NAME, 400, "Unsupported image type"),
        ("/missing.jpg", sites.NAME, 502, "That site answered 404 Not Found"),
        ("/photo.jpg", sites.WRONG_NAME, 502, fetch.UNVERIFIED),
    ],
)
def test_a_failed_fetch_is_explained_and_stores_nothing(
    app, client, logged_in, picture_site, row_count, path, host, status, message
):
    """Case 44: too large (read no further), too slow (read and total timeouts), not a picture,
    an error page, a certificate for another name: a message, the form kept, nothing stored."""
    address = picture_site.url(path, host=host)
    started = time.monotonic()
    response = new_post(client, caption=CAPTION, image_url=address)
    assert time.monotonic() - started < 10  # the drip would take over an hour
    assert_refused_and_kept(response, app, row_count, status, message, address)


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "93.184.215.14",
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
    ],
)
def test_public_addresses_are_public(address):
    """Case 44 refuses only what is not the open internet: these may be fetched."""
    assert fetch.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "0.0.0.0",
        "0.1.2.3",
        "10.255.255.255",
        "100.127.0.1",
        "127.255.0.1",
        "169.254.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.168.0.1",
        "198.18.0.1",
        "198.51.100.1",
        "203.0.113.1",
        "224.0.0.251",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::127.0.0.1",
        "::ffff:8.8.8.8",  # even a public IPv4 address, when wrapped
        "64:ff9b::808:808",
        "2001::1",
        "2001:db8::1",
        "2002:808:808::1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "fec0::1",
        "ff02::1",
        "ff0e::1",
    ],
)
def test_other_addresses_are_not_public(address):
    """Case 44: loopback, private, link-local, multicast, reserved, unspecified, wrapped."""
    assert not fetch.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("host", "meaning"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("example.com", None),
        ("0x.example", None),
    ],
)
def test_hosts_written_as_numbers_are_read_as_the_resolver_would(host, meaning):
    """Case 44: decimal, hex, octal and short forms are judged by the address they mean."""
    found = fetch.numeric_host(host)
    assert (str(found) if found else None) == meaning


def test_unfetched_post_still_shows_its_address_without_a_referrer(
    client, logged_in, make_unfetched_post
):
    """Case 35: a post made by address before fetching shows it, sending no referrer; the
    page's CSP lets in that one origin, and other pages stay at 'self'."""
    post = make_unfetched_post(logged_in)
    for path in ("/", f"/p/{post.id}", f"/p/{post.id}/edit", "/u/alice", "/following"):
        page = client.get(path)
        images = [tag for tag in img_tags(page.text) if tag["src"] == IMAGE]
        assert images, path
        assert all(tag["referrerpolicy"] == "no-referrer" for tag in images), path
        policy = page.headers["Content-Security-Policy"]
        assert "img-src 'self' https://images.example.com;" in policy, path
    assert "img-src 'self';" in client.get("/settings/profile").headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example;script-src 'unsafe-inline'/a.jpg",
        "https://evil.example,*/a.jpg",
        "https://Evil.Example:8443/a.jpg",
    ],
)
def test_an_address_cannot_rewrite_the_page_policy(
    client, logged_in, make_unfetched_post, address
):
    """Case 19: only a plain origin joins img-src; anything else stays out (picture blocked)."""
    post = make_unfetched_post(logged_in, image_url=address)
    policy = client.get(f"/p/{post.id}").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split("; ") if part.startswith("img-src"))
    assert img_src in ("img-src 'self'", "img-src 'self' https://evil.example:8443")
    assert "unsafe-inline" not in policy and "*" not in policy


def test_fetch_remote_images_keeps_what_it_can_and_reports_the_rest(
    app, runner, make_user, make_unfetched_post, picture_site, row_count
):
    """The command fetches old posts by address; those it can't are listed and stay."""
    alice = make_user("alice")
    good = make_unfetched_post(alice, image_url=picture_site.url("/photo.jpg"))
    gone = make_unfetched_post(alice, image_url=picture_site.url("/missing.jpg"))
    private = make_unfetched_post(alice, image_url="https://10.0.0.7/a.jpg")

    result = runner.invoke(args=["fetch-remote-images"])
    assert result.exit_code == 1
    assert "Pictures fetched and kept: 1. Could not be fetched: 2." in result.output
    assert f"Post {gone.id}: {picture_site.url('/missing.jpg')}" in result.output
    assert f"Post {private.id}: https://10.0.0.7/a.jpg" in result.output
    with app.app_context():
        kept = db.session.scalar(sa.select(PostImage).where(PostImage.post_id == good.id))
        assert (kept.remote_url, kept.source_url) == (None, picture_site.url("/photo.jpg"))
        assert (kept.width, kept.height, kept.position) == (400, 600, 1)
        missing = db.session.scalar(sa.select(PostImage).where(PostImage.post_id == gone.id))
        assert (missing.remote_url, missing.image_name) == (picture_site.url("/missing.jpg"), None)
    assert len(media_files(app)) == 2 and row_count(Post) == 3

    again = runner.invoke(args=["fetch-remote-images"])
    assert "Pictures fetched and kept: 0. Could not be fetched: 2." in again.output
    assert len(picture_site.record.requests) == 3  # the kept one was not fetched again
