"""Turn an uploaded file into clean JPEG renditions: the only code that decodes images.

Pure functions with no Flask in them, so they can be tested and benchmarked on their own.

Renditions (all JPEG, quality 88, 4:4:4 chroma, progressive, never upscaled):

- display: landscape and square photos fit 1080 px on the longest side; portrait photos
  fit a 1080 x 1350 box (Instagram's 4:5). With ``square=True`` (avatars) the photo is
  centre-cropped to a square first, so the display size is at most 1080 x 1080.
- thumbnail: the display rendition fitted to 640 px on the longest side (640 x 640 when
  square). Its size follows from the display size alone: see ``thumbnail_size()``.

And the original, for download (``prepare_original``): full resolution, upright, without
metadata. A JPEG that carries nothing but its pixels (and a colour profile) is kept byte
for byte; any other upload is decoded and encoded again as a baseline JPEG, a JPEG with
its own quantization tables and chroma subsampling (so its quality stays what it was),
anything else at quality 95 with full chroma.
"""

import io
import re
import struct
from dataclasses import dataclass
from typing import IO, BinaryIO

from PIL import ExifTags, Image, ImageCms, JpegImagePlugin

from .. import limits
from ..validation import Invalid

ALLOWED_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
try:
    # iPhones upload HEIC; pillow-heif teaches Pillow to read it, if it is installed.
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    pass
else:
    register_heif_opener()
    ALLOWED_FORMATS.append("HEIF")

DISPLAY_MAX = 1080
PORTRAIT_MAX_HEIGHT = 1350
THUMBNAIL_MAX = 640
JPEG_OPTIONS = {"quality": 88, "subsampling": 0, "optimize": True, "progressive": True}
ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
# What turns a picture stored with an EXIF orientation upright (as ImageOps.exif_transpose).
TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# What a hostile or broken file can make Pillow raise while reading headers or pixels.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)
# Pillow's own pixel limit (about 89 megapixels; an error at twice that) backs up ours.
# The warning is here because it is an exception wherever warnings are errors (the tests).
BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)

UNSUPPORTED = "Unsupported image type. Use JPEG, PNG, WebP or GIF."
DAMAGED = "That image file is damaged or incomplete. Please try another."
TOO_LARGE = f"That file is too large (max {limits.UPLOAD_MAX_BYTES // 2**20} MB)."
TOO_MANY_PIXELS = (
    f"That image has too many pixels (max {limits.UPLOAD_MAX_PIXELS // 1_000_000} megapixels)."
)
TOO_MANY_WEBP_PIXELS = (
    "That WebP image has too many pixels "
    f"(max {limits.UPLOAD_MAX_WEBP_PIXELS // 1_000_000} megapixels for WebP)."
)
TOO_MUCH_WORK = "That image takes too much work to process. Please try a smaller one."
# Rows converted at a time while shrinking: a full-size RGB copy of 50 megapixels is 200 MB.
STRIP_ROWS = 256


class ImageRejected(Invalid):
    """An upload that is not an acceptable image; str() is the message for the user."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, status=status)


@dataclass(frozen=True)
class Rendition:
    suffix: str  # added to the file name base: "" for display, "_640" for the thumbnail
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PreparedImage:
    display: Rendition
    thumbnail: Rendition

    @property
    def renditions(self) -> list[Rendition]:
        return [self.display, self.thumbnail]

    @property
    def width(self) -> int:
        return self.display.width

    @property
    def height(self) -> int:
        return self.display.height


def fit(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """Scale a size down to fit a box, keeping its shape; never scale up."""
    scale = min(max_width / width, max_height / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def display_size(width: int, height: int, *, square: bool = False) -> tuple[int, int]:
    """Return the display rendition's size for an upright image of this size."""
    if square:
        side = min(width, height, DISPLAY_MAX)
        return side, side
    if height > width:
        return fit(width, height, DISPLAY_MAX, PORTRAIT_MAX_HEIGHT)
    return fit(width, height, DISPLAY_MAX, DISPLAY_MAX)


def thumbnail_size(width: int, height: int) -> tuple[int, int]:
    """Return the thumbnail's size given the display rendition's size."""
    return fit(width, height, THUMBNAIL_MAX, THUMBNAIL_MAX)


def prepare_image(stream: BinaryIO, *, square: bool = False) -> PreparedImage:
    """Check, decode and re-encode an upload into its display and thumbnail renditions."""
    data = read_upload(stream)
    if too_many_scans(data):
        raise ImageRejected(TOO_MUCH_WORK)
    image, orientation = open_image(data, square=square)
    rotated = orientation in ROTATED_ORIENTATIONS
    upright = image.size[::-1] if rotated else image.size
    width, height = display_size(*upright, square=square)

    # Shrink before anything else copies the picture: only the decoded image is full size.
    box = centre_square(*image.size) if square else (0, 0, *image.size)
    target = (height, width) if rotated else (width, height)
    display = shrunk_rgb(image, box, reduce_factor(box, target))
    del image
    icc_profile = display.info.get("icc_profile")  # an RGB one: to_rgb() drops the others
    if orientation in TRANSPOSES:
        display = display.transpose(TRANSPOSES[orientation])
    if (width, height) != display.size:
        display = display.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    # Resizing from the display copy is faster and keeps thumbnail_size() exact.
    thumbnail = display.resize(thumbnail_size(width, height), Image.Resampling.LANCZOS)
    return PreparedImage(
        display=encode(display, "", icc_profile),
        thumbnail=encode(thumbnail, f"_{THUMBNAIL_MAX}", icc_profile),
    )


ORIGINAL_QUALITY = 95  # for originals that were not JPEGs: PNG, WebP, GIF, HEIC


def prepare_original(stream: BinaryIO) -> Rendition:
    """Return the upload at full resolution, upright, with no metadata left in it."""
    data = read_upload(stream)
    if too_many_scans(data):
        raise ImageRejected(TOO_MUCH_WORK)
    if is_clean_jpeg(data):
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as header:
            return Rendition(suffix="", width=header.width, height=header.height, data=data)
    image, orientation = open_image(data, square=False, full_size=True)
    if getattr(image, "_heif_file", None) is not None:
        # pillow-heif keeps its own decoded copy beside Pillow's, and encoding would read
        # from it again: 150 MB and 190 MB more at 50 megapixels, over the memory budget.
        setattr(image, "_heif_file", None)  # noqa: B010 (a private attribute, not ours)
    options: dict = {"quality": ORIGINAL_QUALITY, "subsampling": 0}
    if isinstance(image, JpegImagePlugin.JpegImageFile) and image.mode in ("RGB", "L"):
        # Its own tables: the encoder loses no more than the first one did (4:2:2 turned
        # sideways has no Pillow equivalent, so it becomes 4:4:4).
        sampling = JpegImagePlugin.get_sampling(image)
        options = {
            "qtables": image.quantization,
            "subsampling": sampling if sampling in (0, 2) else 0,
        }
    icc_profile = image.info.get("icc_profile")
    if image.mode in ("RGB", "L"):
        pixels = image  # JPEG takes these as they are: no full-size copy
    else:
        # In strips, as for the display rendition: a whole-picture conversion is a copy.
        pixels = shrunk_rgb(image, (0, 0, *image.size), 1)
        icc_profile = pixels.info.get("icc_profile")  # an RGB one, if any
    del image
    if orientation in TRANSPOSES:
        pixels = pixels.transpose(TRANSPOSES[orientation])
    wanted = b"GRAY" if pixels.mode == "L" else b"RGB "
    if icc_profile and icc_profile[16:20] == wanted:
        options["icc_profile"] = icc_profile
    pixels.info = {}
    out = io.BytesIO()
    pixels.save(out, "JPEG", **options)
    return Rendition(suffix="", width=pixels.width, height=pixels.height, data=out.getvalue())


# Segments a JPEG may carry and still count as clean: the JFIF header without a thumbnail
# (16 bytes), a colour profile, Adobe's colour transform flag; and the picture itself
# (quantization and Huffman tables, frame and scan headers, restart interval).
CLEAN_APP_SEGMENTS = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
PICTURE_SEGMENTS = frozenset({*range(0xC0, 0xD0), 0xDA, 0xDB, 0xDC, 0xDD}) - {0xC8}


def is_clean_jpeg(data: bytes) -> bool:
    """Tell whether a JPEG holds nothing but its picture: no EXIF (so no orientation to
    apply), XMP, IPTC, comments, thumbnails or other pictures, and no bytes after its end.

    Walks the segments as too_many_scans() does. Anything unexpected means "not clean",
    and the picture is then encoded again, so a wrong "no" only costs time.
    """
    if not data.startswith(b"\xff\xd8"):
        return False
    at = 2
    while found := SEGMENT_MARKER.search(data, at):
        marker, at = found[1][0], found.end()
        if marker == 0xD9:  # end of image: clean if nothing follows
            return at == len(data)
        length = int.from_bytes(data[at : at + 2], "big")
        payload = data[at + 2 : at + length]
        if marker in CLEAN_APP_SEGMENTS:
            if not payload.startswith(CLEAN_APP_SEGMENTS[marker]):
                return False
            if marker == 0xE0 and length != 16:  # a JFIF thumbnail
                return False
        elif marker not in PICTURE_SEGMENTS:
            return False
        at += length
    return False  # no end of image: let the decoder judge it


def read_upload(stream: IO[bytes]) -> bytes:
    """Read a whole upload, refusing an empty one or one over the size limit."""
    data = stream.read(limits.UPLOAD_MAX_BYTES + 1)
    if len(data) > limits.UPLOAD_MAX_BYTES:
        raise ImageRejected(TOO_LARGE, status=413)
    if not data:
        raise ImageRejected("That file is empty. Please choose a photo.")
    return data


def too_many_scans(data: bytes) -> bool:
    """Tell whether a JPEG has more scans than any encoder writes (each one costs a pass).

    Reads markers the way libjpeg does: segments are skipped by their length, so bytes in
    EXIF or a comment are not counted; anything else that is not a marker is passed over,
    such as a scan's coded data, where 0xFF is followed by 0x00 or a restart marker.
    """
    if not data.startswith(b"\xff\xd8"):
        return False
    scans, at = 0, 2
    while scans <= limits.JPEG_MAX_SCANS and (found := SEGMENT_MARKER.search(data, at)):
        marker, at = found[1], found.end()
        if marker == b"\xd9":  # end of image
            break
        if marker == b"\xda":  # start of scan; its header's length leads to the coded data
            scans += 1
        at += int.from_bytes(data[at : at + 2], "big")
    return scans > limits.JPEG_MAX_SCANS


# 0xFF and a byte that starts a segment: not a stuffed zero, a fill byte, or a marker
# without a length (TEM, RST0-RST7, SOI).
SEGMENT_MARKER = re.compile(rb"\xff([^\x00\x01\xd0-\xd8\xff])")


def reduce_factor(box: tuple[int, int, int, int], target: tuple[int, int]) -> int:
    """How many pixels a side to average into one before resampling, as Pillow's resize()
    does with a reducing_gap of 3: fast, and the final LANCZOS step keeps it sharp."""
    width, height = box[2] - box[0], box[3] - box[1]
    return max(1, int(min(width / target[0], height / target[1]) / 3))


def shrunk_rgb(image: Image.Image, box: tuple[int, int, int, int], factor: int) -> Image.Image:
    """Return the box of the image in RGB, shrunk by an integer factor, a strip at a time.

    Converting or flattening a whole 50-megapixel picture would copy it (200 MB each);
    strips of STRIP_ROWS rows keep each copy small. A strip's height is a multiple of the
    factor, so averaging strip by strip gives the same pixels as the whole image at once.
    """
    left, top, right, bottom = box
    if factor == 1 and (right - left) * (bottom - top) <= STRIP_ROWS**2 * 16:
        return to_rgb(image.crop(box) if box != (0, 0, *image.size) else image)
    rows = factor * max(1, STRIP_ROWS // factor)
    out = Image.new("RGB", (-(-(right - left) // factor), -(-(bottom - top) // factor)))
    for y in range(top, bottom, rows):
        strip = to_rgb(image.crop((left, y, right, min(bottom, y + rows))))
        if factor > 1:
            strip = strip.reduce(factor)
        out.paste(strip, (0, (y - top) // factor))
    out.info = strip.info  # the colour profile that to_rgb() kept, if any
    return out


def centre_square(width: int, height: int) -> tuple[int, int, int, int]:
    """Return the box of the largest square in the middle of an image."""
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def open_image(data: bytes, *, square: bool, full_size: bool = False) -> tuple[Image.Image, int]:
    """Open an allowed format, refuse huge pictures before decoding, and decode.

    Returns the image as stored and its EXIF orientation: turning it upright is left
    until it is small. A JPEG is decoded at the smallest scale its renditions allow,
    unless ``full_size`` (for the original).
    """
    try:
        # Image.open reads only the header, so the pixel count is known before any decoding.
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        pixels = image.width * image.height
        if pixels > limits.UPLOAD_MAX_PIXELS:
            raise ImageRejected(TOO_MANY_PIXELS)
        if image.format == "WEBP" and pixels > limits.UPLOAD_MAX_WEBP_PIXELS:
            raise ImageRejected(TOO_MANY_WEBP_PIXELS)
        # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: much faster and smaller in
        # memory, and the result is still at least as big as the rendition we need.
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        upright = image.size[::-1] if orientation in ROTATED_ORIENTATIONS else image.size
        target = display_size(*upright, square=square)
        if not full_size:
            image.draft("RGB", target[::-1] if orientation in ROTATED_ORIENTATIONS else target)
        image.load()  # the first frame only, for animations
    except ImageRejected:
        raise  # it is a ValueError too: don't let the last clause call it damaged
    except Image.UnidentifiedImageError:
        raise ImageRejected(UNSUPPORTED) from None
    except BOMB_ERRORS:
        raise ImageRejected(TOO_MANY_PIXELS) from None
    except DECODE_ERRORS:
        raise ImageRejected(DAMAGED) from None
    return image, orientation


def to_rgb(image: Image.Image) -> Image.Image:
    """Return the image in RGB: transparency flattened on white, CMYK colours moved to sRGB.

    Its ``info`` holds an RGB colour profile if there was one, and nothing else: the
    EXIF, GPS, XMP and comments of the original are dropped here.
    """
    icc_profile = image.info.get("icc_profile")
    if image.mode == "CMYK" and icc_profile:
        # Pillow's own CMYK conversion ignores the profile and gets colours badly wrong.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
            if converted is not None:  # None only when asked to convert in place
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the plain conversion below will have to do
    if image.mode in ("I", "I;16"):
        # 16-bit grey PNGs: Pillow would clip them to white; scale to 8 bits instead.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":  # convert() would copy even an RGB image: memory for nothing
        image = image.convert("RGB")
    # Keep only profiles that describe RGB pixels: a grey or CMYK one would now be wrong.
    keep = icc_profile and icc_profile[16:20] == b"RGB "
    image.info = {"icc_profile": icc_profile} if keep else {}
    return image


def encode(image: Image.Image, suffix: str, icc_profile: bytes | None) -> Rendition:
    """Encode one rendition as JPEG, carrying over nothing but the colour profile."""
    image.info = {}  # resize copies info; only what is passed to save() should be written
    out = io.BytesIO()
    options = dict(JPEG_OPTIONS, icc_profile=icc_profile) if icc_profile else JPEG_OPTIONS
    image.save(out, "JPEG", **options)
    return Rendition(suffix=suffix, width=image.width, height=image.height, data=out.getvalue())
