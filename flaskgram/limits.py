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
INVITATION_NOTE_MAX = 200
INVITATION_USES_MAX = 100
INVITATION_DAYS_MAX = 90
IMAGE_URL_MAX = 2048
UPLOAD_MAX_BYTES = 15 * 1024 * 1024
UPLOAD_MAX_PIXELS = 50_000_000
# A post holds 1 to this many photos, each an upload of its own within the limits above.
PHOTOS_PER_POST_MAX = 10
# The largest request body that creates a post: every photo at its limit, and the words.
NEW_POST_MAX_BYTES = PHOTOS_PER_POST_MAX * UPLOAD_MAX_BYTES + 1024 * 1024

# Decoding an upload runs in a child process with this budget (media/budget.py). The worst
# legitimate uploads measured by bench/uploads.py (50 megapixels: a progressive JPEG, a
# HEIC, an RGBA PNG; a 25-megapixel WebP) take 0.8-1.4 s of CPU and at most 470 MB.
DECODE_CPU_SECONDS = 3  # whole seconds: the kernel's unit
DECODE_MEMORY_BYTES = 512 * 2**20
DECODE_WALL_SECONDS = 10  # waiting for a busy CPU included; under gunicorn's 30 s timeout
# Photos each worker process decodes at once (others wait their turn): with the memory
# budget, this bounds what decoding can take, workers x 2 x 512 MB.
DECODES_AT_ONCE = 2
# Pillow's WebP decoder holds about 16 bytes a pixel (libwebp's two canvases and Pillow's
# copy): this many fit the memory budget, where 50 megapixels would need 800 MB.
UPLOAD_MAX_WEBP_PIXELS = 25_000_000
# Encoders write about 10 scans. Each scan is a pass over the picture, so thousands make a
# tiny file decode for minutes; under this many, the CPU limit still stops the worst.
JPEG_MAX_SCANS = 100
# Mentions (@name) and hashtags (#tag): how many of each a text links and notifies.
MENTIONS_PER_TEXT_MAX = 20
TAGS_PER_TEXT_MAX = 30
TAG_MAX = 100
