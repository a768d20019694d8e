import { PHOTO_TYPES, UPLOAD_MAX_BYTES } from "../../limits";

// Some systems give HEIC photos no type at all: their name is all there is to go on.
const PHOTO_NAME = /\.(jpe?g|png|webp|gif|heic|heif)$/i;

/**
 * Why the server would refuse this file as a photo, if a look at it can tell (type, size),
 * so a large upload isn't sent only to be turned away. The server still checks the pixels.
 */
export function photoProblem(file: File): string | null {
  const knownType = (PHOTO_TYPES as readonly string[]).includes(file.type);
  if (!knownType && !(file.type === "" && PHOTO_NAME.test(file.name))) {
    return "Unsupported image type. Use JPEG, PNG, WebP or GIF.";
  }
  if (file.size === 0) return "That file is empty. Please choose a photo.";
  if (file.size > UPLOAD_MAX_BYTES) {
    return `That file is too large (max ${Math.floor(UPLOAD_MAX_BYTES / 2 ** 20)} MB).`;
  }
  return null;
}
