"""Real image files made with Pillow, and helpers to upload them and find what was stored."""

import io
import struct
import zlib
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import sqlalchemy as sa
from PIL import ExifTags, Image, ImageCms
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram.extensions import db
from flaskgram.models import Post


def encoded(image: Image.Image, format: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def jpeg(width: int = 1600, height: int = 1200, colour: str = "teal", **options) -> bytes:
    return encoded(Image.new("RGB", (width, height), colour), "JPEG", **options)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_exif() -> Image.Exif:
    """EXIF as a phone writes it: orientation 6 (stored sideways), a maker, and GPS."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90 degrees clockwise to view"
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def sideways_jpeg_with_gps() -> bytes:
    """A phone photo stored sideways: 600x400, red left half, EXIF orientation 6 and GPS."""
    stored = Image.new("RGB", (600, 400), "blue")
    stored.paste("red", (0, 0, 300, 400))
    return encoded(stored, "JPEG", exif=phone_exif(), icc_profile=srgb_profile(), quality=95)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size (CRC fixed so the header looks sound)."""
    data = bytearray(encoded(Image.new("RGB", (8, 8), "white"), "PNG"))
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    assert data[ihdr - 4 : ihdr] == b"IHDR"
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def upload(data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg"):
    """A file field value for the test client."""
    return (io.BytesIO(data), filename, content_type)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def close_to(pixel, colour, tolerance: int = 12) -> bool:
    """Whether every channel of a pixel is within tolerance of the colour's."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def media_files(app) -> list[str]:
    """Every file in the media directory, temporary ones included."""
    root = Path(app.config["MEDIA_ROOT"])
    return sorted(path.name for path in root.iterdir()) if root.exists() else []


def latest_post(app) -> Post | None:
    with app.app_context():
        return db.session.scalar(db.select(Post).order_by(Post.id.desc()).limit(1))


class ImgTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def img_tags(html: str) -> list[dict[str, str | None]]:
    """The attributes of every <img> in a page."""
    parser = ImgTags()
    parser.feed(html)
    return parser.images


def post_large_form(client, path: str, fields: dict, files: dict[str, tuple[bytes, str]]):
    """Post a big multipart form built in memory (the test client would spool it to a
    temporary file it never closes, which pytest reports as an unclosed file)."""
    values = {"csrf_token": client.csrf_token(), **fields}
    for key, (data, filename) in files.items():
        values[key] = FileStorage(io.BytesIO(data), filename=filename, content_type="image/jpeg")
    boundary, body = encode_multipart(values)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@contextmanager
def database_refuses(app, backend: str, statement: str, table: str):
    """Make the real database fail every INSERT or UPDATE on a table, as a failure that
    comes after the files are written."""
    body = {
        "sqlite": "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
        "mariadb": "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk on fire'",
    }[backend]
    with app.app_context():
        db.session.execute(
            sa.text(f"CREATE TRIGGER refuse_writes BEFORE {statement} ON {table} {body}")
        )
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            db.session.execute(sa.text("DROP TRIGGER IF EXISTS refuse_writes"))
            db.session.commit()
