import { Link } from "react-router-dom";

import { Empty } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";

/** A post that doesn't exist (any more), or that the address only seems to name. */
export function PostMissing() {
  usePageTitle("Post not found");
  return (
    <Empty title="This post isn't here">
      <p>
        It may have been deleted, or the link is wrong. <Link to="/">Go to the feed</Link>.
      </p>
    </Empty>
  );
}
