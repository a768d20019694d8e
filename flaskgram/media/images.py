"""Turn an uploaded file into clean JPEG renditions: the only code that decodes images.

Pure functions with no Flask in them, so they can be tested and benchmarked on their own.

Renditions (all JPEG, quality 88, 4:4:4 chroma, progressive, never upscaled):

- display: landscape and square photos fit 1080 px on the longest side; portrait photos
  fit a 1080 x 1350 box (Instagram's 4:5). With ``square=True`` (avatars) the photo is
  centre-cropped to a square first, so the display size is at most 1080 x 1080.
- thumbnail: the display rendition fitted to 640 px on the longest side (640 x 640 when
  square). Its size follows from the display size alone: see ``thumbnail_size()``.
"""

import io
import struct
from dataclasses import dataclass
from typing import BinaryIO

from PIL import ExifTags, Image, ImageCms, ImageOps

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


class ImageRejected(Invalid):
    """An upload that is not an acceptable image; str() is the message for the user."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


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
    data = stream.read(limits.UPLOAD_MAX_BYTES + 1)
    if len(data) > limits.UPLOAD_MAX_BYTES:
        raise ImageRejected(TOO_LARGE, status=413)
    if not data:
        raise ImageRejected("That file is empty. Please choose a photo.")
    display = to_rgb(open_image(data, square=square))
    icc_profile = display.info.get("icc_profile")

    width, height = display_size(*display.size, square=square)
    if (width, height) != display.size:
        # Cropping through resize()'s box saves a full-size copy of a big picture.
        box = centre_square(*display.size) if square else None
        display = display.resize(
            (width, height), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0
        )
    # Resizing from the display copy is faster and keeps thumbnail_size() exact.
    thumbnail = display.resize(thumbnail_size(width, height), Image.Resampling.LANCZOS)
    return PreparedImage(
        display=encode(display, "", icc_profile),
        thumbnail=encode(thumbnail, f"_{THUMBNAIL_MAX}", icc_profile),
    )


def centre_square(width: int, height: int) -> tuple[int, int, int, int]:
    """Return the box of the largest square in the middle of an image."""
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def open_image(data: bytes, *, square: bool) -> Image.Image:
    """Open an allowed format, refuse huge pictures before decoding, decode and turn upright."""
    try:
        # Image.open reads only the header, so the pixel count is known before any decoding.
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        if image.width * image.height > limits.UPLOAD_MAX_PIXELS:
            raise ImageRejected(TOO_MANY_PIXELS)
        # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: much faster and smaller in
        # memory, and the result is still at least as big as the rendition we need.
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        upright = image.size[::-1] if orientation in ROTATED_ORIENTATIONS else image.size
        target = display_size(*upright, square=square)
        image.draft("RGB", target[::-1] if orientation in ROTATED_ORIENTATIONS else target)
        image.load()  # the first frame only, for animations
        ImageOps.exif_transpose(image, in_place=True)
    except ImageRejected:
        raise  # it is a ValueError too: don't let the last clause call it damaged
    except Image.UnidentifiedImageError:
        raise ImageRejected(UNSUPPORTED) from None
    except BOMB_ERRORS:
        raise ImageRejected(TOO_MANY_PIXELS) from None
    except DECODE_ERRORS:
        raise ImageRejected(DAMAGED) from None
    return image


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
            image = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
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
