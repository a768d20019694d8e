"""Gunicorn's settings for Flaskgram in production; gunicorn reads this file by itself
when started here (``make serve``, or ``.venv/bin/gunicorn``).

Threaded workers ("gthread"), one per core, four threads each: a request that waits (on
MariaDB's answers, on a photo decoding in its child process, see
flaskgram/media/budget.py, or on a database lock) holds one thread while the worker's
other threads go on serving pages and /healthz. Measured with bench/workers.py on the
benchmark's million posts on MariaDB, two cores, 16 connections, the feed's requests a
second: one worker per core served the most, with one thread or four alike (2 x 1: 50;
2 x 4: 48 and 40), more processes or threads less (4 x 1: 44, 4 x 4: 40, 2 x 8: 37), and
one worker 25. The pages are CPU-bound: a process per core is what counts, and the
threads cost nothing while they wait. (README, "Production".)

No keep-alive: a kept connection stays with the worker that accepted it, and 16 kept
connections were at times shared out so unevenly that one core sat idle (the feed at
22 to 26 requests a second in those runs, 40 to 52 in the others). Closing each
connection after its answer sends the next request to whichever worker is free; on
loopback behind nginx a new connection costs far less than a page.

Memory: each worker decodes at most limits.DECODES_AT_ONCE photos at a time, each in at
most limits.DECODE_MEMORY_BYTES, so photos take at most workers x 2 x 512 MB.

Environment:
- ``FLASKGRAM_BIND``: where to listen; default ``127.0.0.1:8000``, for nginx on this
  machine (docs/nginx.conf). ``--bind`` on the command line wins.
- ``FLASKGRAM_WORKERS``: worker processes; default one per core this process may use.
- ``FLASKGRAM_THREADS``: threads per worker; default 4.
"""

import os

wsgi_app = "flaskgram:create_app()"
bind = [os.environ.get("FLASKGRAM_BIND", "127.0.0.1:8000")]
worker_class = "gthread"
workers = int(os.environ.get("FLASKGRAM_WORKERS", len(os.sched_getaffinity(0))))
threads = int(os.environ.get("FLASKGRAM_THREADS", "4"))
keepalive = 0  # close each connection after its answer: see above
# Longer than the database's lock wait (10 s) and a photo's decoding limit (10 s), so
# only a worker that is truly stuck is restarted.
timeout = 30


def post_worker_init(worker):
    """Start the worker's photo-decoding forkserver now, not during the first upload."""
    from flaskgram import media

    media.start_forkserver()
