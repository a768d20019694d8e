import { Link } from "react-router-dom";

import type { Post } from "../api/types";
import { Icon } from "../components/Icon";
import { photoAlt } from "../posts/photoAlt";
import { PhotosMark } from "../posts/PostImages";

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
  return (
    <Link className="photo-link" to={`/p/${post.id}`}>
      {first ? (
        <img
          src={first.thumbnail_url}
          // The display size's proportions: the browser keeps the cell's space before it loads.
          width={first.width ?? undefined}
          height={first.height ?? undefined}
          alt={photoAlt(first, 0, post.images.length, post.author)}
          loading="lazy"
          decoding="async"
          // A photo given by address is loaded from its own site: tell it nothing about us.
          referrerPolicy={isOwnImage(first.thumbnail_url) ? undefined : "no-referrer"}
        />
      ) : (
        <span className="visually-hidden">Post by @{post.author.username}</span>
      )}
      <PhotosMark count={post.images.length} />
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
