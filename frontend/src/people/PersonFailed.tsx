import { Link } from "react-router-dom";

import { ApiError } from "../api/errors";
import { LoadError } from "../components/states";

/** A profile or list that failed to load: "isn't here" for a 404, otherwise a retry. */
export function PersonFailed({
  username,
  error,
  retry,
}: {
  username: string;
  error: unknown;
  retry: () => void;
}) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <section className="empty">
        <h1>This person isn't here</h1>
        <p>
          There is nobody called <strong>{username}</strong> on Flaskgram. The name may be misspelt, or
          they deleted their account.
        </p>
        <p>
          <Link to="/">Go to the feed</Link>
        </p>
      </section>
    );
  }
  return (
    <>
      <h1 className="visually-hidden">{username}</h1>
      <LoadError error={error} retry={retry} />
    </>
  );
}
