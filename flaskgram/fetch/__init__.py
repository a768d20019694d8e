"""Download a post's picture from its https:// address, once and safely (SECURITY.md case 44).

Whoever types an address makes this server download it, so the address must never lead
the server into its own machine or network (server-side request forgery):

- https only, no credentials, checked again at every redirect, and at most 3 redirects;
- every address the host resolves to must be public: loopback, private, link-local,
  multicast, reserved and unspecified addresses are refused, and so are the IPv6 forms
  that carry an IPv4 address (mapped, 6to4, Teredo, NAT64), however the host is written
  (a name, or a number such as 2130706433, 0x7f000001, 0177.0.0.1 or 127.1);
- the connection goes to the address that was checked: urllib3 is handed the IP, and the
  name serves only for SNI, the certificate check and the Host header, so a second DNS
  answer can't swap in a private address (DNS rebinding);
- short connect and read timeouts and a deadline for the whole download; the upload
  size limit is counted while reading; no cookies, credentials or proxies.

The bytes then go through the upload pipeline (media.save_upload) like any photo.
"""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from flask import current_app
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)

from .. import limits, validation
from ..media import TOO_LARGE
from .addresses import Address, is_public, numeric_host

MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024
# All that a request sends: no cookies, no credentials, nothing about the person posting.
HEADERS = {
    "User-Agent": "Flaskgram image fetch",
    "Accept": "image/*",
    "Accept-Encoding": "identity",
}

NOT_PUBLIC = "That address leads to a private or local network. Use a public https:// address."
NO_SUCH_SITE = "No site answers to that address. Please check it."
UNREACHABLE = "Could not connect to that site. Try again later, or use another address."
TIMED_OUT = "That site took too long to send the picture. Try again later."
UNVERIFIED = "That site's HTTPS certificate could not be verified, so nothing was fetched."
TOO_MANY_REDIRECTS = f"That address redirects too many times (at most {MAX_REDIRECTS})."
BROKEN = "That site sent a broken answer. Try again later, or use another address."


class FetchFailed(validation.Invalid):
    """The picture could not be fetched; str() is the message, status the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, status=status, field="image_url")


@dataclass(frozen=True)
class LocalSites:
    """Servers a test started on this machine, which fetches may then reach: tests only.

    A test sets one on the app object with allow_local_sites(); no setting or environment
    variable can, so no deployment can open a way into its own network.
    """

    addresses: dict[str, str]  # a made-up host name -> the loopback IP its server listens on
    ca_file: str  # the certificate authority that signed those servers' certificates


LOCAL_SITES = "flaskgram_fetch_local_sites"  # the key in app.extensions


def allow_local_sites(app, sites: LocalSites) -> None:
    app.extensions[LOCAL_SITES] = sites


def addresses_of(host: str, port: int) -> list[Address]:
    """Return every address the host stands for, all public, or raise FetchFailed."""
    sites = current_app.extensions.get(LOCAL_SITES)
    if sites and host in sites.addresses:
        return [ipaddress.ip_address(sites.addresses[host])]  # a test's own server
    try:
        literal = numeric_host(host)
    except ValueError:
        raise FetchFailed("That isn't a valid image address.") from None
    if literal is not None:
        found = [literal]
    else:
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchFailed(NO_SUCH_SITE) from None
        # An IPv4 or IPv6 answer's address is text, with a "%zone" on a link-local IPv6 one.
        found = [ipaddress.ip_address(str(answer[4][0]).partition("%")[0]) for answer in answers]
    if not found or not all(is_public(address) for address in found):
        raise FetchFailed(NOT_PUBLIC)
    return found


def tls_context() -> ssl.SSLContext:
    sites = current_app.extensions.get(LOCAL_SITES)
    return ssl.create_default_context(cafile=sites.ca_file if sites else None)


@dataclass(frozen=True)
class Deadline:
    ends: float

    def left(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise FetchFailed(TIMED_OUT, 504)
        return left


def fetch_image(url: str) -> bytes:
    """Download the picture at an https:// address, following at most 3 redirects."""
    config = current_app.config
    deadline = Deadline(time.monotonic() + config["FETCH_DEADLINE"])
    for _ in range(MAX_REDIRECTS + 1):
        response, pool = open_response(url, deadline)
        try:
            if response.status not in REDIRECTS:
                return read_picture(response, deadline)
            url = redirect_target(url, response.headers.get("Location", ""))
        finally:
            response.close()  # an unread body is dropped with its connection
            pool.close()
    raise FetchFailed(TOO_MANY_REDIRECTS, 502)


def redirect_target(url: str, location: str) -> str:
    try:
        return validation.clean_image_url(urljoin(url, location))
    except validation.Invalid as refused:
        raise FetchFailed(f"That address redirects to one that isn't allowed. {refused}") from None


def open_response(url: str, deadline: Deadline):
    """Send the GET to a vetted address of the URL's host; return the response and its pool."""
    url = validation.clean_image_url(url)
    parts = urlsplit(url)
    if parts.hostname is None:  # clean_image_url refuses these; checked again for the types
        raise FetchFailed("That isn't a valid image address.")
    host, port = parts.hostname.rstrip("."), parts.port or 443
    try:
        sni_name = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchFailed("That isn't a valid image address.") from None
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    named = f"[{sni_name}]" if ":" in sni_name else sni_name
    headers = {**HEADERS, "Host": named if parts.port is None else f"{named}:{port}"}
    config = current_app.config
    failure = FetchFailed(UNREACHABLE, 502)
    for address in addresses_of(sni_name, port):
        timeout = urllib3.Timeout(
            connect=min(config["FETCH_CONNECT_TIMEOUT"], deadline.left()),
            read=min(config["FETCH_READ_TIMEOUT"], deadline.left()),
        )
        pool = urllib3.HTTPSConnectionPool(
            str(address),
            port,
            timeout=timeout,
            retries=False,
            ssl_context=tls_context(),
            server_hostname=sni_name,  # the IP is dialled; the name is checked
        )
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers=headers,
                redirect=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
            )
        except NewConnectionError:
            pool.close()
            continue  # refused or unreachable: try the host's next address
        except ConnectTimeoutError:
            pool.close()
            failure = FetchFailed(TIMED_OUT, 504)
            continue
        except BaseException as error:
            pool.close()
            raise failure_of(error) from None
        return response, pool
    raise failure


def failure_of(error: BaseException) -> BaseException:
    """Say what went wrong on the other site, in words for the person who posted."""
    if isinstance(error, ReadTimeoutError):
        return FetchFailed(TIMED_OUT, 504)
    if isinstance(error, SSLError):
        return FetchFailed(UNVERIFIED, 502)
    if isinstance(error, HTTPError | OSError):
        return FetchFailed(BROKEN, 502)
    return error


def read_picture(response, deadline: Deadline) -> bytes:
    """Read the body, refusing error answers and anything over the upload limit."""
    if response.status != 200:
        reason = f"{response.status} {response.reason or ''}".strip()
        raise FetchFailed(f"That site answered {reason} instead of sending a picture.", 502)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.UPLOAD_MAX_BYTES:
        raise FetchFailed(TOO_LARGE, 413)
    body = bytearray()
    try:
        while deadline.left() and (chunk := response.read1(CHUNK_BYTES)):
            body += chunk
            if len(body) > limits.UPLOAD_MAX_BYTES:
                raise FetchFailed(TOO_LARGE, 413)
    except (HTTPError, OSError) as error:
        raise failure_of(error) from None
    return bytes(body)
