/**
 * What the server accepts as a photo (flaskgram/limits.py and media/images.py), checked
 * in the browser first so nobody waits for a 15 MB upload to be refused. The server still
 * checks the file itself: this only looks at its type and size.
 */

export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;

/** JPEG, PNG, WebP or GIF: the `accept` list of the file input, and the types allowed. */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"] as const;

const EXTENSIONS = /\.(jpe?g|png|webp|gif)$/i;

export const PHOTO_HINT = "JPEG, PNG, WebP or GIF, up to 15 MB.";

/** Why this file can't be posted, or null if it may be sent. */
export function photoFileProblem(file: File): string | null {
  // Some systems give no type for a file; its name is then the only clue.
  const typeKnown = file.type !== "";
  const allowed = typeKnown ? (PHOTO_TYPES as readonly string[]).includes(file.type) : EXTENSIONS.test(file.name);
  if (!allowed) return "That file type isn't supported. Use JPEG, PNG, WebP or GIF.";
  if (file.size === 0) return "That file is empty. Please choose another.";
  if (file.size > UPLOAD_MAX_BYTES) {
    return `That file is too large (max ${UPLOAD_MAX_BYTES / 2 ** 20} MB).`;
  }
  return null;
}
