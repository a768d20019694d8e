"""The image pipeline on its own: real files made with Pillow, no app needed."""

import io
import time

import pytest
from photos import close_to, encoded, opened, phone_exif, png_claiming, srgb_profile
from PIL import ExifTags, Image, JpegImagePlugin

from flaskgram import limits
from flaskgram.media import images
from flaskgram.media.images import ImageRejected, prepare_image


def prepared(data: bytes, **options):
    """Run the pipeline on these bytes."""
    return prepare_image(io.BytesIO(data), **options)


def reject(data: bytes, **options) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        prepared(data, **options)
    return caught.value


def test_exif_orientation_applied_then_all_metadata_dropped_but_colour_profile():
    # Stored sideways: 600 wide, 400 tall, with a red block in the stored top-left corner.
    stored = Image.new("RGB", (600, 400), "blue")
    stored.paste("red", (0, 0, 150, 150))
    profile = srgb_profile()
    upload = encoded(
        stored, "JPEG", exif=phone_exif(), icc_profile=profile, comment=b"shot at home", quality=95
    )
    assert opened(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it is there

    result = prepared(upload)

    for rendition in result.renditions:
        image = opened(rendition.data)
        assert image.format == "JPEG"
        assert (image.width, image.height) == (rendition.width, rendition.height)
        assert image.height > image.width  # upright: the sides swapped
        assert not image.getexif()
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert b"Exif\x00\x00" not in rendition.data
        assert b"PhoneCo" not in rendition.data
        assert image.info["icc_profile"] == profile
        # Turned clockwise, the stored top-left corner is now the top-right corner.
        rgb = image.convert("RGB")
        assert close_to(rgb.getpixel((image.width - 5, 5)), (255, 0, 0))
        assert close_to(rgb.getpixel((5, 5)), (0, 0, 255))
        assert close_to(rgb.getpixel((5, image.height - 5)), (0, 0, 255))
    assert (result.width, result.height) == (400, 600)


def test_image_without_profile_gets_none():
    result = prepared(encoded(Image.new("RGB", (50, 40), "green"), "JPEG"))
    assert "icc_profile" not in opened(result.display.data).info


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 8000),  # 64 MP: over our limit, under Pillow's own
        (10_000, 10_000),  # 100 MP: Pillow warns
        (20_000, 20_000),  # 400 MP: Pillow raises
        (limits.UPLOAD_MAX_PIXELS + 1, 1),
    ],
)
def test_small_file_claiming_huge_size_is_refused_before_decoding(width, height, monkeypatch):
    data = png_claiming(width, height)
    assert len(data) < 100
    with monkeypatch.context() as patched:  # prove the header is valid (CRC and all)
        patched.setattr(Image, "MAX_IMAGE_PIXELS", None)
        assert Image.open(io.BytesIO(data)).size == (width, height)

    started = time.perf_counter()
    error = reject(data)
    assert time.perf_counter() - started < 0.5
    assert error.status == 400
    assert "too many pixels" in str(error)  # the size check, not a failed decode


def test_limit_itself_is_not_too_many_pixels():
    # Exactly at the limit passes the size check; this tiny file then fails to decode.
    error = reject(png_claiming(limits.UPLOAD_MAX_PIXELS, 1))
    assert "damaged" in str(error)


def noisy_jpeg(size=(800, 600)) -> bytes:
    return encoded(Image.effect_noise(size, 60).convert("RGB"), "JPEG")


@pytest.mark.parametrize(
    "data",
    [
        noisy_jpeg()[: len(noisy_jpeg()) // 2],
        noisy_jpeg()[:400],
        b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8,
        encoded(Image.new("RGB", (300, 200)), "PNG")[:-40],
    ],
    ids=["half-jpeg", "jpeg-header-only", "jpeg-garbage", "truncated-png"],
)
def test_truncated_or_corrupt_file_is_400(data):
    error = reject(data)
    assert error.status == 400
    assert str(error) in (images.DAMAGED, images.UNSUPPORTED)


def test_truncated_jpeg_says_damaged():
    assert "damaged" in str(reject(noisy_jpeg()[:-2000]))


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"#!/bin/sh\nrm -rf /\n",
        b"<?php system($_GET['c']); ?>",
        b"%PDF-1.7\n",
        encoded(Image.new("RGB", (10, 10)), "BMP"),  # real images, not allowed
        encoded(Image.new("RGB", (10, 10)), "TIFF"),
    ],
    ids=["html", "svg", "svg-xml", "shell", "php", "pdf", "bmp", "tiff"],
)
def test_other_file_types_are_unsupported(data):
    error = reject(data)
    assert error.status == 400
    assert "unsupported image type" in str(error).lower()


def test_over_size_limit_is_413_without_reading_it_all():
    upload = io.BytesIO(b"\xff\xd8\xff" + bytes(limits.UPLOAD_MAX_BYTES))
    with pytest.raises(ImageRejected) as caught:
        prepare_image(upload)
    assert caught.value.status == 413
    assert str(caught.value) == "That file is too large (max 15 MB)."
    assert upload.tell() == limits.UPLOAD_MAX_BYTES + 1


def test_exactly_size_limit_is_not_413():
    assert reject(bytes(limits.UPLOAD_MAX_BYTES)).status == 400


def test_empty_file_is_400():
    assert reject(b"").status == 400


def test_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (120, 80), colour) for colour in ("red", "lime", "blue")]
    upload = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert opened(upload).n_frames == 3
    result = prepared(upload)
    image = opened(result.display.data)
    assert image.mode == "RGB"
    assert getattr(image, "n_frames", 1) == 1
    assert close_to(image.getpixel((60, 40)), (255, 0, 0))


def half_transparent(mode: str) -> Image.Image:
    image = Image.new("RGBA", (100, 100), (255, 0, 0, 255))
    image.paste((0, 0, 0, 0), (50, 0, 100, 100))  # transparent black on the right
    return image if mode == "RGBA" else image.convert(mode)


@pytest.mark.parametrize(
    ("mode", "format"), [("RGBA", "PNG"), ("LA", "PNG"), ("RGBA", "WEBP"), ("P", "GIF")]
)
def test_transparency_is_flattened_on_white(mode, format):
    source = half_transparent(mode)
    options = {"lossless": True} if format == "WEBP" else {}
    if format == "GIF":
        source = half_transparent("RGBA").convert("P", palette=Image.Palette.ADAPTIVE)
        source.info["transparency"] = source.getpixel((75, 50))
    result = prepared(encoded(source, format, **options))
    image = opened(result.display.data)
    assert image.mode == "RGB"
    assert close_to(image.getpixel((80, 50)), (255, 255, 255))
    left = image.getpixel((20, 50))
    assert close_to(left, (255, 0, 0)) or close_to(left, (76, 76, 76), 20)  # red, or grey


@pytest.mark.parametrize(
    ("image", "format"),
    [
        (Image.new("RGB", (64, 48), "orange"), "WEBP"),
        (Image.new("L", (64, 48), 128), "JPEG"),
        (Image.new("1", (64, 48), 1), "PNG"),
        (Image.new("CMYK", (64, 48), (0, 0, 0, 0)), "JPEG"),  # white in CMYK
    ],
    ids=["webp", "grey-jpeg", "bilevel-png", "cmyk-jpeg"],
)
def test_other_modes_and_formats_become_rgb_jpeg(image, format):
    result = prepared(encoded(image, format))
    output = opened(result.display.data)
    assert (output.format, output.mode, output.size) == ("JPEG", "RGB", (64, 48))


def test_sixteen_bit_grey_png_is_scaled_not_clipped():
    image = Image.new("I;16", (40, 30), 32768)  # mid grey
    result = prepared(encoded(image, "PNG"))
    assert close_to(opened(result.display.data).getpixel((20, 15)), (128, 128, 128), 4)


def test_heic_from_iphones_is_accepted():
    pillow_heif = pytest.importorskip("pillow_heif")
    assert "HEIF" in images.ALLOWED_FORMATS
    upload = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (320, 240), "purple")).save(upload, quality=90)
    upload.seek(0)
    result = prepare_image(upload)
    assert opened(result.display.data).size == (320, 240)


@pytest.mark.parametrize(
    ("size", "square", "display", "thumbnail"),
    [
        ((4032, 3024), False, (1080, 810), (640, 480)),  # 12 MP phone photo, landscape
        ((2160, 2700), False, (1080, 1350), (512, 640)),  # 4:5 portrait uses the tall box
        ((1080, 1920), False, (759, 1350), (360, 640)),  # 9:16 portrait
        ((1000, 1300), False, (1000, 1300), (492, 640)),  # portrait inside the box: as is
        ((6000, 1000), False, (1080, 180), (640, 107)),  # panorama
        ((2000, 2000), False, (1080, 1080), (640, 640)),
        ((300, 200), False, (300, 200), (300, 200)),  # tiny: never upscaled
        ((4000, 3000), True, (1080, 1080), (640, 640)),  # avatar
        ((300, 200), True, (200, 200), (200, 200)),  # tiny avatar
    ],
)
def test_rendition_sizes(size, square, display, thumbnail):
    source = Image.linear_gradient("L").resize(size).convert("RGB")
    result = prepared(encoded(source, "JPEG", quality=90), square=square)
    assert (result.width, result.height) == display
    assert opened(result.display.data).size == display
    assert opened(result.thumbnail.data).size == thumbnail
    assert (result.thumbnail.width, result.thumbnail.height) == thumbnail
    assert images.thumbnail_size(*display) == thumbnail
    assert [r.suffix for r in result.renditions] == ["", "_640"]


def test_rotated_photo_sizes_use_the_upright_shape():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8
    upload = encoded(Image.new("RGB", (4000, 3000), "teal"), "JPEG", exif=exif)
    result = prepared(upload)
    assert (result.width, result.height) == (1013, 1350)  # portrait box; 4:3 upright is 3000x4000


def test_square_crops_the_centre():
    source = Image.new("RGB", (900, 300), "red")
    source.paste("lime", (300, 0, 600, 300))
    source.paste("blue", (600, 0, 900, 300))
    result = prepared(encoded(source, "PNG"), square=True)
    for rendition in result.renditions:
        image = opened(rendition.data)
        assert image.width == image.height
        for corner in [(1, 1), (image.width - 2, image.height - 2)]:
            assert close_to(image.getpixel(corner), (0, 255, 0), 16)


def test_jpeg_settings_quality_88_full_chroma_progressive():
    source = Image.effect_noise((1200, 900), 50).convert("RGB")
    result = prepared(encoded(source, "PNG"))
    reference = opened(encoded(source.resize((64, 48)), "JPEG", quality=88))
    for rendition in result.renditions:
        image = opened(rendition.data)
        assert JpegImagePlugin.get_sampling(image) == 0  # 4:4:4
        assert image.info.get("progressive")
        assert image.quantization == reference.quantization  # the tables of quality 88


def test_cmyk_profile_is_not_carried_onto_rgb_renditions():
    # A profile that says CMYK (too broken to convert with): the RGB output must not keep it.
    cmyk_profile = bytes(16) + b"CMYK" + bytes(108)
    upload = encoded(Image.new("CMYK", (64, 48), (0, 0, 0, 0)), "JPEG", icc_profile=cmyk_profile)
    assert opened(upload).info["icc_profile"] == cmyk_profile
    for rendition in prepared(upload).renditions:
        assert "icc_profile" not in opened(rendition.data).info
