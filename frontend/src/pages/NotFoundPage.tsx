import { Link } from "react-router-dom";

import { Empty } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";

export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <Empty title="This page isn't here">
      <p>
        The link may be broken, or what it pointed to was deleted. <Link to="/">Go to the feed</Link>.
      </p>
    </Empty>
  );
}
