import type { Author, Image } from "../api/types";

/** What a photo says to someone who can't see it, as the HTML site's `photo_alt` macro. */
export function photoAlt(image: Image, index: number, count: number, author: Author): string {
  if (image.alt_text) return image.alt_text;
  return count > 1 ? `Photo ${index + 1} of ${count} by @${author.username}` : `Photo by @${author.username}`;
}
