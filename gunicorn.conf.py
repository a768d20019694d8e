"""Gunicorn's settings for Flaskgram in production; gunicorn reads this file by itself
when started here (``make serve``, or ``.venv/bin/gunicorn``).

Threaded workers ("gthread"): a request that waits (on a photo decoding in its child
process, see flaskgram/media/budget.py, or on a database lock) holds one thread while
the worker's other threads go on serving pages and /healthz.

Memory: each worker decodes at most limits.DECODES_AT_ONCE photos at a time, each in at
most limits.DECODE_MEMORY_BYTES, so photos take at most workers x 2 x 512 MB.

Environment:
- ``FLASKGRAM_BIND``: where to listen; default ``127.0.0.1:8000``, for nginx on this
  machine (docs/nginx.conf). ``--bind`` on the command line wins.
- ``FLASKGRAM_WORKERS``: worker processes; default 2, one per core of a small server.
- ``FLASKGRAM_THREADS``: threads per worker; default 4.
"""

import os

wsgi_app = "flaskgram:create_app()"
bind = [os.environ.get("FLASKGRAM_BIND", "127.0.0.1:8000")]
worker_class = "gthread"
workers = int(os.environ.get("FLASKGRAM_WORKERS", "2"))
threads = int(os.environ.get("FLASKGRAM_THREADS", "4"))
# Longer than the database's lock wait (10 s) and a photo's decoding limit (10 s), so
# only a worker that is truly stuck is restarted.
timeout = 30


def post_worker_init(worker):
    """Start the worker's photo-decoding forkserver now, not during the first upload."""
    from flaskgram import media

    media.start_forkserver()
