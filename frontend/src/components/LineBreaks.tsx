import { Fragment } from "react";

/** Text people typed, with its line breaks kept (as the HTML site's `with_line_breaks`). */
export function LineBreaks({ text }: { text: string }) {
  return text.split("\n").map((line, index) => (
    <Fragment key={index}>
      {index > 0 && <br />}
      {line}
    </Fragment>
  ));
}
