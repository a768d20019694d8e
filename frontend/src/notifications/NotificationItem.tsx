import { Link } from "react-router-dom";

import type { Author } from "../api/types";
import { Avatar, UserLink } from "../components/people";
import { RichText } from "../components/RichText";
import { ShortTimeAgo } from "../components/ShortTimeAgo";

/** One line of the notifications page, as the API groups them (notifications.grouped). */
export type NotificationGroup = {
  id: number;
  kind: "like" | "comment" | "follow" | "mention";
  actors: Author[];
  /** Everyone in the group, when only the first few actors are sent. */
  actor_count?: number;
  unread: boolean;
  created_at: string;
  post?: { id: number; thumbnail_url?: string | null } | null;
  comment?: { id: number; body: string } | null;
};

/** "ada and 3 others liked your post.", with the first actor's picture and the post's. */
export function NotificationItem({ item }: { item: NotificationGroup }) {
  const [first, second] = item.actors;
  const others = (item.actor_count ?? item.actors.length) - 1;
  const target = item.post ? `/p/${item.post.id}${item.comment ? `#comment-${item.comment.id}` : ""}` : null;
  if (!first) return null;
  return (
    <li className={item.unread ? "app-notification app-notification-unread" : "app-notification"}>
      <Avatar person={first} size={40} />
      <p className="app-notification-text">
        <UserLink person={first} />
        {others === 1 && second ? (
          <>
            {" and "}
            <UserLink person={second} />
          </>
        ) : (
          others > 0 && ` and ${others.toLocaleString("en")} others`
        )}{" "}
        {target ? <Link to={target}>{describe(item)}</Link> : describe(item)}
        {item.comment && (
          <>
            {" "}
            <span className="app-notification-quote">
              <RichText text={item.comment.body} />
            </span>
          </>
        )}{" "}
        <span className="muted">
          <ShortTimeAgo iso={item.created_at} />
        </span>
        {item.unread && <span className="visually-hidden"> (new)</span>}
      </p>
      {item.post?.thumbnail_url && (
        <Link className="app-notification-post" to={target ?? `/p/${item.post.id}`} tabIndex={-1} aria-hidden="true">
          <img src={item.post.thumbnail_url} width={44} height={44} alt="" loading="lazy" />
        </Link>
      )}
    </li>
  );
}

/** What happened, after the names (notifications.describe). */
function describe(item: NotificationGroup): string {
  switch (item.kind) {
    case "like":
      return "liked your post.";
    case "comment":
      return "commented on your post:";
    case "follow":
      return "started following you.";
    case "mention":
      return item.comment ? "mentioned you in a comment:" : "mentioned you in a post.";
  }
}
