import { messageOf } from "../api/errors";
import type { Profile } from "../api/types";
import { useFollow } from "./follow";

/** Follow or unfollow, as the HTML site's button says it (the name is there for screen readers). */
export function FollowButton({ person }: { person: Profile }) {
  const follow = useFollow(person);
  const following = person.followed_by_me;

  function toggle() {
    if (follow.isPending) return; // one change at a time; the button already shows it
    follow.mutate(!following);
  }

  return (
    <span className="app-follow">
      {following ? (
        <button type="button" className="button" onClick={toggle}>
          Following<span className="visually-hidden"> {person.username}; unfollow</span>
        </button>
      ) : (
        <button type="button" className="button button-primary" onClick={toggle}>
          Follow<span className="visually-hidden"> {person.username}</span>
        </button>
      )}
      {follow.isError && (
        <span className="error" role="alert">
          {/* The variable is what was tried: following (true) or unfollowing (false). */}
          {follow.variables ? "Couldn't follow" : "Couldn't unfollow"} {person.username}.{" "}
          {messageOf(follow.error)}
        </span>
      )}
    </span>
  );
}
