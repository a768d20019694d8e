"""A picture site on this machine for fetches by address: HTTPS with a test CA, on loopback.

Routes (any path starting with one of these):

- ``/photo``: a JPEG (sideways, with GPS); ``/page``: an HTML page; ``/missing``: 404
- ``/hops/<n>``: ``n`` redirects, then the photo; ``/to?<address>``: a redirect there
- ``/huge-declared``: a Content-Length over the upload limit; ``/huge``: that many bytes, sent
- ``/silent``: headers never come; ``/drip``: the body comes a byte at a time
"""

import http.server
import ssl
import threading
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urlsplit

import trustme
from photos import sideways_jpeg_with_gps

from flaskgram import limits

NAME = "pics.test"  # .test never resolves in real DNS: only the app's LocalSites knows it
WRONG_NAME = "wrong.test"  # the same server, whose certificate doesn't name it


@dataclass
class Record:
    connections: int = 0
    requests: list = field(default_factory=list)  # (path, headers)
    server_names: list = field(default_factory=list)  # SNI of each handshake


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/plain", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "tracker=1")  # a fetch must not send it back
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.record.requests.append((self.path, dict(self.headers)))
        path, query = urlsplit(self.path).path, urlsplit(self.path).query
        stop = self.server.stop
        if path.startswith("/photo"):
            self.send(200, sideways_jpeg_with_gps(), "image/jpeg")
        elif path.startswith("/page"):
            self.send(200, b"<!doctype html><title>Not a picture</title>", "text/html")
        elif path.startswith("/hops/"):
            left = int(path.split("/")[2])
            self.send(302, Location="/photo" if left <= 1 else f"/hops/{left - 1}")
        elif path.startswith("/to"):
            self.send(302, Location=unquote(query))
        elif path.startswith("/huge-declared"):
            self.send_response(200)
            self.send_header("Content-Length", str(limits.UPLOAD_MAX_BYTES + 1))
            self.end_headers()
        elif path.startswith("/huge"):
            self.send_response(200)
            self.send_header("Connection", "close")  # no length: the body runs until it closes
            self.end_headers()
            megabyte = b"\xff" * 2**20
            try:
                for _ in range(limits.UPLOAD_MAX_BYTES // len(megabyte) + 2):
                    self.wfile.write(megabyte)
            except OSError:
                pass  # the fetch hung up, as it should
        elif path.startswith("/silent"):
            stop.wait()  # until the test ends
        elif path.startswith("/drip"):
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                while not stop.wait(0.05):  # a byte each 50 ms: never a read timeout
                    self.wfile.write(b"\xff")
                    self.wfile.flush()
            except OSError:
                pass
        else:
            self.send(404, b"Not found")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext):
        super().__init__(("127.0.0.1", 0), Handler)
        self.record = Record()
        self.stop = threading.Event()
        context.sni_callback = self.note_server_name
        self.context = context

    def note_server_name(self, sock, server_name, context):
        self.record.server_names.append(server_name)

    def get_request(self):
        sock, address = self.socket.accept()
        self.record.connections += 1
        wrapped = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return wrapped, address

    def finish_request(self, request, client_address):
        try:
            request.do_handshake()  # in the request's own thread, so a stall blocks no one
        except OSError:
            return  # the fetch refused our certificate
        super().finish_request(request, client_address)


@dataclass
class PictureSite:
    """The running site: its port, the CA file, and what it saw."""

    server: Server
    ca_file: str

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def record(self) -> Record:
        return self.server.record

    def url(self, path: str = "/photo.jpg", host: str = NAME) -> str:
        return f"https://{host}:{self.port}{path}"


@cache
def certificates() -> tuple[trustme.CA, trustme.LeafCert]:
    """A test certificate authority, and the site's certificate from it (made once)."""
    ca = trustme.CA(key_type=trustme.KeyType.ECDSA)
    return ca, ca.issue_cert(NAME, key_type=trustme.KeyType.ECDSA)


def start(tmp_path) -> PictureSite:
    ca, certificate = certificates()
    ca_file = str(tmp_path / "test-ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    server = Server(context)
    # A short poll so that stopping it at the end of a test is quick.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return PictureSite(server, ca_file)


def stop(site: PictureSite) -> None:
    site.server.stop.set()
    site.server.shutdown()
    site.server.server_close()
