import { messageOf } from "../api/errors";
import type { Post } from "../api/types";
import { Icon } from "../components/Icon";
import { useLike } from "./mutations";

/**
 * The heart. It turns red at once; if the server refuses, it turns back and says why,
 * beside it.
 */
export function LikeButton({ post }: { post: Post }) {
  const like = useLike(post.id);

  function toggle() {
    // One change at a time per post: a busy flag, not `disabled`, which would drop the
    // keyboard user's focus (as on the HTML site).
    if (like.isPending) return;
    like.mutate(!post.liked);
  }

  return (
    <>
      <button type="button" className="icon-button like-button" aria-pressed={post.liked} onClick={toggle}>
        <Icon name="heart" label="Like" />
      </button>
      {like.isError && (
        <p className="error app-action-error" role="alert">
          {like.variables ? "Couldn't like this post." : "Couldn't remove your like."} {messageOf(like.error)}
        </p>
      )}
    </>
  );
}

/** "1 like", "1,204 likes". */
export function LikeCount({ count }: { count: number }) {
  return (
    <p className="likes">
      <span>{count.toLocaleString("en")}</span> {count === 1 ? "like" : "likes"}
    </p>
  );
}
