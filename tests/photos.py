"""Real image files made with Pillow, and helpers to upload them and find what was stored."""

import io
import struct
import zlib
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pillow_heif
import sqlalchemy as sa
from PIL import ExifTags, Image, ImageCms
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from flaskgram.extensions import db
from flaskgram.models import Post, PostImage


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


# Files that are small on disk and huge or slow to decode ("decompression bombs"). Each is
# written byte by byte, so it is exactly as bad as it claims, and quick to make.


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def progressive_jpeg_with_scans(width: int, height: int, scans: int) -> bytes:
    """A grey progressive JPEG whose every scan makes the decoder visit every coefficient.

    Each scan refines coefficients 1 to 63 of every block (Ah=1, Al=0) and codes all the
    blocks as end-of-band runs of 32767: a few bytes a scan, about 63 steps a pixel block
    for the decoder. All coefficients stay zero, so the picture is plain grey.
    """
    blocks = -(-width // 8) * -(-height // 8)
    quantization = jpeg_segment(0xDB, b"\x00" + b"\x01" * 64)
    frame = jpeg_segment(0xC2, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    # AC Huffman table 0 with just the end-of-band-run symbols EOB0..EOB14, 4-bit codes.
    symbols = bytes(n << 4 for n in range(15))
    huffman = jpeg_segment(0xC4, b"\x10" + bytes([0, 0, 0, len(symbols)] + [0] * 12) + symbols)
    bits = ""
    while blocks:
        run = min(blocks, 32767)
        size = run.bit_length() - 1  # EOBn: a run of 2**n plus n more bits
        bits += format(size, "04b") + (format(run - (1 << size), f"0{size}b") if size else "")
        blocks -= run
    bits += "1" * (-len(bits) % 8)
    coded = int(bits, 2).to_bytes(len(bits) // 8, "big").replace(b"\xff", b"\xff\x00")
    scan = jpeg_segment(0xDA, b"\x01\x01\x00\x01\x3f\x10") + coded
    return b"\xff\xd8" + quantization + frame + huffman + scan * scans + b"\xff\xd9"


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def png_bomb(width: int, height: int) -> bytes:
    """A transparent RGBA PNG of this size: zeros compress about 1000 to 1."""
    rows = zlib.compressobj(9)
    row = bytes(1 + width * 4)  # filter type 0, then transparent black pixels
    pixels = b"".join(rows.compress(row) for _ in range(height)) + rows.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def webp_bomb(width: int, height: int) -> bytes:
    """A lossless WebP in 28 bytes: every prefix code has one symbol, so pixels cost 0 bits."""
    fields = [
        (0x2F, 8),  # VP8L signature
        (width - 1, 14),
        (height - 1, 14),
        (1, 1),  # alpha is used
        (0, 3),  # version
        (0, 1),  # no transform
        (0, 1),  # no colour cache
        (0, 1),  # no meta prefix codes
    ]
    # Green, red, blue, alpha, distance: a "simple" code of one 1-bit symbol, 0.
    fields += [(1, 1), (0, 1), (0, 1), (0, 1)] * 5
    value = shift = 0
    for field, size in fields:  # VP8L packs its bits from the least significant one up
        value |= field << shift
        shift += size
    bitstream = value.to_bytes(-(-shift // 8), "little")
    chunk = b"VP8L" + struct.pack("<I", len(bitstream)) + bitstream + b"\0" * (len(bitstream) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def gif_bomb(width: int, height: int) -> bytes:
    """A GIF with a screen of this size whose only frame is one transparent pixel."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    transparency = b"\x21\xf9\x04\x01\x00\x00\x00\x00"  # colour 0 is transparent
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return screen + transparency + frame + b"\x3b"


def isobmff_box(kind: bytes, payload: bytes, version: int | None = None) -> bytes:
    if version is not None:  # a "full box": version and 24 bits of flags
        payload = struct.pack(">I", version << 24) + payload
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def isobmff_children(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, bytes]:
    """The payloads of the boxes between start and end, by type (the first of each)."""
    found, at, end = {}, start, len(data) if end is None else end
    while at < end:
        size, kind = struct.unpack_from(">I4s", data, at)
        found.setdefault(kind, data[at + 8 : at + size])
        at += size
    return found


def heic_bomb(width: int, height: int, tile: int = 256) -> bytes:
    """A HEIC "grid" of width x height whose tiles all point at the same few bytes.

    One tile is encoded for real; the grid repeats it (up to 28 x 28 = 784 tiles for 50
    megapixels), so a few kilobytes ask the decoder for hundreds of HEVC pictures.
    """
    encoded_tile = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (tile, tile), "white")).save(encoded_tile, quality=0)
    boxes = isobmff_children(encoded_tile.getvalue())
    properties = isobmff_children(isobmff_children(boxes[b"meta"], 4)[b"iprp"])
    hvcc = isobmff_children(properties[b"ipco"])[b"hvcC"]
    tile_data = boxes[b"mdat"]  # the encoder wrote nothing else there
    columns, rows = -(-width // tile), -(-height // tile)
    tiles = range(2, 2 + columns * rows)  # item 1 is the grid
    grid = struct.pack(">BBBBHH", 0, 0, rows - 1, columns - 1, width, height)

    ftyp = isobmff_box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")
    handler = isobmff_box(b"hdlr", bytes(4) + b"pict" + bytes(13), version=0)
    primary = isobmff_box(b"pitm", struct.pack(">H", 1), version=0)
    infos = [isobmff_box(b"infe", struct.pack(">HH4sB", 1, 0, b"grid", 0), version=2)]
    infos += [
        isobmff_box(b"infe", struct.pack(">HH4sB", n, 0, b"hvc1", 0), version=2) for n in tiles
    ]
    item_info = isobmff_box(b"iinf", struct.pack(">H", len(infos)) + b"".join(infos), version=0)
    derived = isobmff_box(b"dimg", struct.pack(f">HH{len(tiles)}H", 1, len(tiles), *tiles))
    references = isobmff_box(b"iref", derived, version=0)
    container = isobmff_box(
        b"ipco",
        isobmff_box(b"hvcC", hvcc)
        + isobmff_box(b"ispe", struct.pack(">II", tile, tile), version=0)
        + isobmff_box(b"ispe", struct.pack(">II", width, height), version=0),
    )
    associations = struct.pack(">IHBB", 1 + len(tiles), 1, 1, 3)  # grid: its size
    for n in tiles:  # each tile: the decoder configuration (essential) and the tile size
        associations += struct.pack(">HBBB", n, 2, 0x81, 2)
    item_properties = isobmff_box(
        b"iprp", container + isobmff_box(b"ipma", associations, version=0)
    )

    def meta(data_at: int) -> bytes:
        # Locations (version 0: 32-bit offsets and lengths): the grid, then every tile at
        # the same offset.
        places = struct.pack(">HHHII", 1, 0, 1, data_at, len(grid))
        for n in tiles:
            places += struct.pack(">HHHII", n, 0, 1, data_at + len(grid), len(tile_data))
        locations = isobmff_box(
            b"iloc", b"\x44\x00" + struct.pack(">H", 1 + len(tiles)) + places, 0
        )
        return isobmff_box(
            b"meta", handler + primary + locations + item_info + references + item_properties, 0
        )

    data_at = len(ftyp) + len(meta(0)) + 8
    return ftyp + meta(data_at) + isobmff_box(b"mdat", grid + tile_data)


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
    """The newest post, with its photos."""
    with app.app_context():
        query = db.select(Post).options(selectinload(Post.images)).order_by(Post.id.desc())
        return db.session.scalar(query.limit(1))


def latest_photo(app) -> PostImage | None:
    """The first photo of the newest post."""
    post = latest_post(app)
    return post.images[0] if post else None


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
