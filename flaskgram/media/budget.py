"""Decode uploads in a child process, within a CPU, memory and wall-clock budget.

A file of a few kilobytes can take minutes or gigabytes to decode (a JPEG with thousands
of scans, a WebP of one repeated pixel). ``images.prepare_image`` stays a pure function;
``prepare_in_child`` runs it in a fresh process that the kernel stops at
``limits.DECODE_CPU_SECONDS`` of CPU and ``limits.DECODE_MEMORY_BYTES`` of memory, and
that the caller kills after ``limits.DECODE_WALL_SECONDS``. The calling thread just
waits on a pipe, so a threaded worker keeps serving other requests meanwhile.

Children come from a "forkserver": a small process started once per worker that has
imported Pillow already, and forks a clean child for each upload. Forking the worker
itself would copy its threads' locks and its database connections into the child.
"""

import io
import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .. import limits
from .images import (
    TOO_MUCH_WORK,
    ImageRejected,
    PreparedImage,
    Rendition,
    prepare_image,
    prepare_original,
)

# Decoding waits behind the app's requests for the CPU: /healthz and pages stay quick.
CHILD_NICENESS = 10
# The child's memory limit. RLIMIT_DATA counts what Pillow and its decoders allocate
# (heap and private mappings: 62 MB in a child at rest, measured). RLIMIT_AS would also
# count the shared libraries (119 MB at rest) and every thread's reserved stack and malloc
# arena, which grow with the number of cores libheif decodes on, not with the picture.
MEMORY_LIMIT = resource.RLIMIT_DATA

BUSY = "The server is busy with other photos. Please try again in a moment."

context = multiprocessing.get_context("forkserver")
# "__main__" too: otherwise every child imports the main script (pytest, gunicorn) again.
context.set_forkserver_preload(["__main__", __name__])


def start_forkserver() -> None:
    """Start this process's forkserver now rather than at the first upload (about 0.5 s)."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


# Children of this process decoding at once; each may use DECODE_MEMORY_BYTES.
decoding_slots = threading.BoundedSemaphore(limits.DECODES_AT_ONCE)


def prepare_in_child(data: bytes, *, square: bool = False) -> PreparedImage:
    """Run ``prepare_image`` on the bytes of an upload in a child process with a budget.

    Raises ImageRejected with TOO_MUCH_WORK when the child goes over its budget, with BUSY
    (503) if no decoding slot frees up in time, and RuntimeError if the child fails in any
    other way (a bug, not the file's fault).
    """
    display, thumbnail = in_a_decoding_slot(data, square=square)
    return PreparedImage(display=display, thumbnail=thumbnail)


def original_in_child(data: bytes) -> Rendition:
    """Run ``prepare_original`` on an upload in a child process, with the same budget."""
    [original] = in_a_decoding_slot(data, original=True)
    return original


def in_a_decoding_slot(data: bytes, **job) -> list[Rendition]:
    # Two whole decodes ahead of us fit in this wait, and it ends before gunicorn's timeout.
    if not decoding_slots.acquire(timeout=2 * limits.DECODE_WALL_SECONDS):
        raise ImageRejected(BUSY, status=503)
    try:
        return run_in_child(data, **job).renditions()
    finally:
        decoding_slots.release()


@dataclass(frozen=True)
class ChildRun:
    """What a decoding child answered, and what it cost (for logs and bench/uploads.py)."""

    answer: tuple | None  # None if it never answered
    exitcode: int | None
    wall_seconds: float
    cpu_seconds: float | None = None  # as the child measured itself, if it answered
    peak_memory_bytes: int | None = None

    @property
    def over_budget(self) -> bool:
        # Killed by the CPU limit (SIGXCPU, then SIGKILL) or by us at the wall-clock limit.
        return self.answer is None and self.exitcode in (-signal.SIGXCPU, -signal.SIGKILL)

    def prepared(self) -> PreparedImage:
        display, thumbnail = self.renditions()
        return PreparedImage(display=display, thumbnail=thumbnail)

    def renditions(self) -> list[Rendition]:
        match self.answer:
            case ("prepared", list(renditions)):
                return [Rendition(*rendition) for rendition in renditions]
            case ("rejected", str(message), int(status)):
                raise ImageRejected(message, status=status)
        if self.over_budget:
            raise ImageRejected(TOO_MUCH_WORK)
        raise RuntimeError(f"The image decoding process failed (exit code {self.exitcode}).")


def run_in_child(data: bytes, *, square: bool = False, original: bool = False) -> ChildRun:
    """Start a child on these bytes and wait for its answer, at most the wall-clock limit.

    The child makes the display and thumbnail renditions, or with ``original`` the
    full-size original alone: each its own decode, each within the whole budget.
    """
    started = time.monotonic()
    receiver, sender = context.Pipe(duplex=False)
    # The limits go along as arguments: the child's own copy of limits.py is the one the
    # forkserver imported, which knows nothing of later changes (tests make some).
    budget = (limits.DECODE_CPU_SECONDS, limits.DECODE_MEMORY_BYTES)
    child = context.Process(
        target=child_main, args=(sender, data, square, original, *budget), daemon=True
    )
    child.start()
    sender.close()  # the child holds the only write end: EOF now means the child is gone
    answer = usage = None
    try:
        if receiver.poll(limits.DECODE_WALL_SECONDS):
            answer, usage = receiver.recv()
    except EOFError:
        pass  # it died before answering: its exit code says why
    finally:
        receiver.close()
        child.kill()  # still running after the wall-clock limit, or about to exit
        child.join()
        exitcode = child.exitcode
        child.close()
    return ChildRun(answer, exitcode, time.monotonic() - started, *(usage or ()))


def child_main(
    sender: Connection,
    data: bytes,
    square: bool,
    original: bool,
    cpu_seconds: int,
    memory_bytes: int,
) -> None:
    """In the child: set the limits, prepare the image, send back plain data."""
    os.nice(CHILD_NICENESS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))  # SIGXCPU, SIGKILL
    resource.setrlimit(MEMORY_LIMIT, (memory_bytes, memory_bytes))
    answer: tuple  # ("rejected", message, status) or ("prepared", renditions)
    try:
        if original:
            renditions = [prepare_original(io.BytesIO(data))]
        else:
            renditions = prepare_image(io.BytesIO(data), square=square).renditions
    except ImageRejected as rejected:
        answer = ("rejected", str(rejected), rejected.status)
    except MemoryError:
        answer = ("rejected", TOO_MUCH_WORK, 400)
    else:
        answer = ("prepared", [packed(rendition) for rendition in renditions])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sender.send((answer, (usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)))
    sender.close()


# Exceptions with extra attributes (ImageRejected's status) do not survive pickling, and
# tuples of str, int and bytes cross between processes whatever the classes look like.
def packed(rendition: Rendition) -> tuple[str, int, int, bytes]:
    return rendition.suffix, rendition.width, rendition.height, rendition.data
