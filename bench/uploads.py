"""Measure what decoding uploads costs in the child process (flaskgram/media/budget.py).

Usage:  python bench/uploads.py [--repeat 20]

For a 12-megapixel phone JPEG, a 50-megapixel progressive JPEG and each worst file that
tests/photos.py builds, it prints the child's CPU time and peak memory (as the child
measured itself: ru_utime + ru_stime and ru_maxrss) and the wall time seen by the caller,
against the budget in flaskgram/limits.py: once for the renditions and once for the
original kept for download (a child of its own, full size), phone photos turned sideways
by their EXIF too, since those must be decoded and encoded again at full size. A child
stopped by a limit cannot report, so its line says which limit stopped it. Last, the
overhead of the child for a small photo: the same upload prepared in a child and in this
process.
"""

import argparse
import io
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from photos import (
    gif_bomb,
    heic_bomb,
    jpeg,
    phone_exif,
    png_bomb,
    progressive_jpeg_with_scans,
    webp_bomb,
)
from PIL import Image

from flaskgram import limits
from flaskgram.media import budget, images

SIDE = int(limits.UPLOAD_MAX_PIXELS**0.5)  # the largest square under 50 megapixels
WEBP_SIDE = int(limits.UPLOAD_MAX_WEBP_PIXELS**0.5)


def photo(width: int, height: int, **options) -> bytes:
    """A JPEG with a photo's amount of detail: smooth gradients and grain."""
    grain = Image.effect_noise((width // 4, height // 4), 40).resize((width, height))
    sky = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (grain, sky, Image.blend(grain, sky, 0.5)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, **options)
    return out.getvalue()


def sideways(data: bytes) -> bytes:
    """The same JPEG with a phone's EXIF: orientation 6 and GPS."""
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "JPEG", quality="keep", exif=phone_exif())
    return out.getvalue()


CASES = {
    "phone photo, 12 MP JPEG": lambda: photo(4032, 3024),
    "phone photo, 12 MP, EXIF turned": lambda: sideways(photo(4032, 3024)),
    "50 MP progressive JPEG photo": lambda: photo(SIDE, SIDE, progressive=True, subsampling=0),
    "50 MP progressive, EXIF turned": lambda: sideways(
        photo(SIDE, SIDE, progressive=True, subsampling=0)
    ),
    f"JPEG, 50 MP, {limits.JPEG_MAX_SCANS} scans": lambda: progressive_jpeg_with_scans(
        SIDE, SIDE, limits.JPEG_MAX_SCANS
    ),
    "JPEG, 50 MP, 5000 scans": lambda: progressive_jpeg_with_scans(SIDE, SIDE, 5000),
    "JPEG, 50 MP, 30 scans": lambda: progressive_jpeg_with_scans(SIDE, SIDE, 30),
    "PNG, 50 MP RGBA": lambda: png_bomb(SIDE, SIDE),
    "GIF, 50 MP screen": lambda: gif_bomb(SIDE, SIDE),
    "HEIC, 50 MP grid of 784 tiles": lambda: heic_bomb(SIDE, SIDE),
    f"WebP, {WEBP_SIDE**2 // 1_000_000} MP lossless": lambda: webp_bomb(WEBP_SIDE, WEBP_SIDE),
    "WebP, 50 MP lossless": lambda: webp_bomb(SIDE, SIDE),
}


def outcome(run: budget.ChildRun) -> str:
    match run.answer:
        case ("prepared", _):
            return "prepared"
        case ("rejected", message, status):
            return f"{status}: {message}"
    if run.exitcode == -signal.SIGXCPU:
        return "stopped by the CPU limit"
    if run.exitcode == -signal.SIGKILL:
        return "killed (CPU hard limit or wall-clock limit)"
    return f"failed, exit code {run.exitcode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs for the overhead")
    args = parser.parse_args()

    print(
        f"Budget: {limits.DECODE_CPU_SECONDS} s CPU, {limits.DECODE_MEMORY_BYTES >> 20} MB "
        f"(RLIMIT_DATA), {limits.DECODE_WALL_SECONDS} s wall clock\n"
    )
    print(
        f"{'file':34} {'size':>9} {'job':>10} {'CPU s':>6} {'peak MB':>8} {'wall s':>7}  outcome"
    )
    budget.start_forkserver()
    for name, make in CASES.items():
        data = make()
        for original in (False, True):
            run = budget.run_in_child(data, original=original)
            cpu = f"{run.cpu_seconds:6.2f}" if run.cpu_seconds is not None else "     -"
            peak = f"{run.peak_memory_bytes >> 20:8}" if run.peak_memory_bytes else "       -"
            size = f"{len(data) / 1024:7.1f}KB"
            job = "original" if original else "renditions"
            print(
                f"{name:34} {size:>9} {job:>10} {cpu} {peak} {run.wall_seconds:7.2f}  "
                f"{outcome(run)}"
            )

    small = jpeg(800, 600)
    in_child, in_process = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        budget.prepare_in_child(small)
        in_child.append(time.perf_counter() - started)
        started = time.perf_counter()
        images.prepare_image(io.BytesIO(small))
        in_process.append(time.perf_counter() - started)
    child_ms = statistics.median(in_child) * 1000
    process_ms = statistics.median(in_process) * 1000
    print(
        f"\nSmall photo (800x600 JPEG), median of {args.repeat}: {child_ms:.1f} ms in a child, "
        f"{process_ms:.1f} ms in this process: {child_ms - process_ms:.1f} ms of overhead"
    )


if __name__ == "__main__":
    main()
