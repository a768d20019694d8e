"""The size limits of every field, in one place: forms, rules and columns all read these."""

USERNAME_MIN = 3
USERNAME_MAX = 30
EMAIL_MAX = 254
PASSWORD_MIN = 8
PASSWORD_MAX = 128
CAPTION_MAX = 2200
COMMENT_MAX = 1000
ALT_TEXT_MAX = 1000
BIO_MAX = 150
DISPLAY_NAME_MAX = 50
IMAGE_URL_MAX = 2048
UPLOAD_MAX_BYTES = 15 * 1024 * 1024
UPLOAD_MAX_PIXELS = 50_000_000

# Decoding an upload runs in a child process with this budget (media/budget.py). The worst
# legitimate upload (50 megapixels) needs about 1.5 s of CPU and 400 MB; see bench/uploads.py.
DECODE_CPU_SECONDS = 3  # the kernel counts whole seconds
DECODE_MEMORY_BYTES = 512 * 2**20
DECODE_WALL_SECONDS = 10  # waiting for a busy CPU included; under gunicorn's 30 s timeout
# Pillow's WebP decoder holds about 16 bytes a pixel: this many fit the memory budget.
UPLOAD_MAX_WEBP_PIXELS = 25_000_000
# Encoders write about 10 scans; thousands make a small file decode for minutes.
JPEG_MAX_SCANS = 100
