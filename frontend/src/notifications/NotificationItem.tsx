import { Link } from "react-router-dom";

import type { Notification } from "../api/types";
import { Avatar, UserLink } from "../components/people";
import { ShortTimeAgo } from "../components/ShortTimeAgo";

/**
 * "ada and 3 others liked your post.", as notifications/index.html writes a group: the
 * newest actor's picture, what happened, a comment's first words, and the post or profile.
 */
export function NotificationItem({ item }: { item: Notification }) {
  const [first, second] = item.actors;
  const others = item.actors.length - 1;
  // The API sends an absent post or comment as null (in its schema's words, also {}).
  const post = item.post && "id" in item.post ? item.post : null;
  const comment = item.comment && "id" in item.comment ? item.comment : null;
  if (!first) return null;
  return (
    <li className={item.read ? "notification app-notification" : "notification unread app-notification"}>
      <Avatar person={first} size={32} />
      <p>
        <UserLink person={first} />
        {others === 1 && second && (
          <>
            {" and "}
            <UserLink person={second} />
          </>
        )}
        {others > 1 && ` and ${others.toLocaleString("en")} others`} {describe(item.kind, comment !== null)}
        {comment && (
          <>
            {" "}
            <span className="comment-body">{truncate(comment.body, 80)}</span>
          </>
        )}{" "}
        <span className="muted">
          <ShortTimeAgo iso={item.created_at} />
        </span>
        {!item.read && <span className="visually-hidden"> (new)</span>}
      </p>
      {post ? (
        <Link className="notification-post" to={`/p/${post.id}${comment ? `#comment-${comment.id}` : ""}`}>
          <img src={post.thumbnail_url} width={44} height={44} alt="Your post" referrerPolicy="no-referrer" />
        </Link>
      ) : (
        item.kind === "follow" && (
          <Link className="button" to={`/u/${first.username}`}>
            View <span className="visually-hidden">{first.username}</span>
          </Link>
        )
      )}
    </li>
  );
}

/** What happened, after the names (notifications.describe). */
function describe(kind: Notification["kind"], onComment: boolean): string {
  switch (kind) {
    case "like":
      return "liked your post.";
    case "comment":
      return "commented on your post:";
    case "follow":
      return "started following you.";
    case "mention":
      return onComment ? "mentioned you in a comment:" : "mentioned you in a post.";
  }
}

/** At most `max` characters, cut at a word, as Jinja's truncate filter does. */
function truncate(text: string, max: number): string {
  if (text.length <= max + 5) return text; // Jinja's leeway: a few over isn't cut
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(" ");
  return `${space > 0 ? cut.slice(0, space) : cut}...`;
}
