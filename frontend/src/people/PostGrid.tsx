import { Link } from "react-router-dom";

import type { Post } from "../api/types";
import { Icon } from "../components/Icon";

/** A person's posts as square thumbnails, each linking to the post, as the profile page shows them. */
export function PostGrid({ posts }: { posts: Post[] }) {
  return (
    <ul className="grid">
      {posts.map((post) => (
        <li key={post.id}>
          <GridCell post={post} />
        </li>
      ))}
    </ul>
  );
}

function GridCell({ post }: { post: Post }) {
  // A post may hold several photos one day: the first stands for it, and a mark says more follow.
  const [first] = post.images;
  const more = post.images.length - 1;
  return (
    <Link className="photo-link" to={`/p/${post.id}`}>
      {first ? (
        <img
          src={first.thumbnail_url}
          // The display size's proportions: the browser keeps the cell's space before it loads.
          width={first.width ?? undefined}
          height={first.height ?? undefined}
          alt={first.alt_text || `Photo by @${post.author.username}`}
          loading="lazy"
          decoding="async"
          // A photo given by address is loaded from its own site: tell it nothing about us.
          referrerPolicy={isOwnImage(first.thumbnail_url) ? undefined : "no-referrer"}
        />
      ) : (
        <span className="visually-hidden">Post by @{post.author.username}</span>
      )}
      {more > 0 && (
        <span className="app-grid-more">
          <StackIcon />
          <span className="visually-hidden">
            {" "}
            and {more} more {more === 1 ? "photo" : "photos"}
          </span>
        </span>
      )}
      <span className="grid-stats" aria-hidden="true">
        <Icon name="heart" /> {post.like_count} <Icon name="comment" /> {post.comment_count}
      </span>
    </Link>
  );
}

function isOwnImage(url: string): boolean {
  try {
    return new URL(url, window.location.origin).origin === window.location.origin;
  } catch {
    return false;
  }
}

function StackIcon() {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="8" y="3" width="13" height="13" rx="2" />
      <path d="M16 19v1a1 1 0 0 1-1 1H5a2 2 0 0 1-2-2V9a1 1 0 0 1 1-1h1" />
    </svg>
  );
}
