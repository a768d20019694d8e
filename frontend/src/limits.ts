/**
 * The server's size limits that forms mention or check before sending. They copy
 * flaskgram/limits.py (and media/images.py for photo types): keep them in step.
 */

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const BIO_MAX = 150;
export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;

/** What the server decodes: JPEG, PNG, WebP, GIF, and HEIC/HEIF where pillow-heif is installed. */
export const PHOTO_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "image/heic",
  "image/heif",
] as const;

/** How many photos one post may hold (flaskgram/limits.py PHOTOS_PER_POST_MAX). */
export const PHOTOS_PER_POST_MAX = 10;
