/**
 * Finding `@name` mentions and `#tag` hashtags in text people typed, by the server's rules
 * (flaskgram/mentions.py and tags.py), so the app links what the HTML site links.
 * The result is pieces of plain text; RichText.tsx turns them into React text and links.
 */

export type Piece =
  | { kind: "text"; text: string }
  | { kind: "mention"; text: string; username: string }
  | { kind: "tag"; text: string; tag: string };

// mentions.MENTION: an "@" not after a letter, a digit, "_" or "@" (so an email address
// mentions nobody), then a name; a name can't end with a dot, so a full stop isn't one.
const MENTION = /(?<![\p{L}\p{N}_@])@([A-Za-z0-9._]{3,64})/gu;
const USERNAME_MIN = 3;
const USERNAME_MAX = 30;
// tags.TAG: a "#" not after a word character, "&" or "#" (so "&#39;" is no tag), then
// word characters of any script.
const TAG = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,100})/gu;
const TAG_MAX = 100;

export const MENTIONS_PER_TEXT_MAX = 20;
export const TAGS_PER_TEXT_MAX = 30;

type Found = { start: number; end: number; piece: Piece };

export type RichTextOptions = {
  /** Link mentions (captions and comments). */
  mentions?: boolean;
  /** Link hashtags. */
  tags?: boolean;
};

/** A tag as the server stores it (tags.normalise): NFKC, case-folded, NFKC again. */
export function normaliseTag(tag: string): string {
  // JavaScript has no casefold(): lowercase, and the one fold people meet often ("ß").
  return tag.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").normalize("NFKC");
}

export function splitRichText(text: string, { mentions = true, tags = true }: RichTextOptions = {}): Piece[] {
  const found: Found[] = [];
  if (mentions) found.push(...matches(text, MENTION, MENTIONS_PER_TEXT_MAX, mentionPiece));
  if (tags) found.push(...matches(text, TAG, TAGS_PER_TEXT_MAX, tagPiece));
  found.sort((a, b) => a.start - b.start);

  const pieces: Piece[] = [];
  let at = 0;
  for (const { start, end, piece } of found) {
    if (start < at) continue; // overlapping another (cannot happen with these patterns)
    if (start > at) pieces.push({ kind: "text", text: text.slice(at, start) });
    pieces.push(piece);
    at = end;
  }
  if (at < text.length) pieces.push({ kind: "text", text: text.slice(at) });
  return pieces;
}

function mentionPiece(match: RegExpExecArray): Piece | null {
  const name = match[1]!.replace(/\.+$/, "");
  if (name.length < USERNAME_MIN || name.length > USERNAME_MAX) return null;
  return { kind: "mention", text: `@${name}`, username: name.toLowerCase() };
}

function tagPiece(match: RegExpExecArray): Piece | null {
  const tag = normaliseTag(match[1]!);
  if (tag.length > TAG_MAX) return null;
  return { kind: "tag", text: match[0], tag };
}

/** The first `max` different names (or tags): later ones, and repeats past them, stay text. */
function matches(
  text: string,
  pattern: RegExp,
  max: number,
  toPiece: (match: RegExpExecArray) => Piece | null,
): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    const piece = toPiece(match);
    if (piece === null) continue;
    const key = piece.kind === "mention" ? piece.username : piece.kind === "tag" ? piece.tag : "";
    if (!seen.has(key)) {
      if (seen.size >= max) continue;
      seen.add(key);
    }
    // The piece's own text: a mention's trailing dots stay text after it.
    found.push({ start: match.index, end: match.index + piece.text.length, piece });
  }
  return found;
}
