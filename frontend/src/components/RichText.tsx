import { Fragment } from "react";
import { Link } from "react-router-dom";

import { LineBreaks } from "./LineBreaks";
import { splitRichText, type RichTextOptions } from "./richText";

type Props = RichTextOptions & {
  text: string;
  /**
   * The names the server found and knows (a post's or comment's `mentions`): other `@name`s
   * stay text. Without it, every well-formed name links.
   */
  known?: readonly string[];
};

/**
 * A caption or comment with its `@name`s linking to profiles and its `#tag`s to tag pages.
 * Only React text and links: whatever the text holds stays text.
 */
export function RichText({ text, known, ...options }: Props) {
  const names = known ? new Set(known.map((name) => name.toLowerCase())) : null;
  return splitRichText(text, options).map((piece, index) => {
    if (piece.kind === "mention" && (!names || names.has(piece.username))) {
      return (
        <Link key={index} className="mention" to={`/u/${encodeURIComponent(piece.username)}`}>
          {piece.text}
        </Link>
      );
    }
    if (piece.kind === "tag") {
      return (
        <Link key={index} className="hashtag" to={`/tags/${encodeURIComponent(piece.tag)}`}>
          {piece.text}
        </Link>
      );
    }
    return (
      <Fragment key={index}>
        <LineBreaks text={piece.text} />
      </Fragment>
    );
  });
}
