import { useRef } from "react";

import { messageOf } from "../api/errors";
import { UserLink } from "../components/people";
import { RichText } from "../components/RichText";
import { ShortTimeAgo } from "../components/ShortTimeAgo";
import type { ShownComment } from "./cache";
import { useDeleteComment } from "./mutations";

type Props = {
  postId: number;
  comments: ShownComment[];
  /** A line shown when there are no comments; nothing if absent. */
  empty?: string;
};

/** Comments, oldest first. Focus goes to the list when one of them is deleted. */
export function CommentList({ postId, comments, empty }: Props) {
  const list = useRef<HTMLUListElement>(null);
  if (comments.length === 0 && !empty) return null;
  return (
    <ul className="comments app-comments" tabIndex={-1} ref={list}>
      {comments.map((comment) => (
        <CommentItem key={comment.id} postId={postId} comment={comment} onDelete={() => list.current?.focus()} />
      ))}
      {comments.length === 0 && <li className="muted">{empty}</li>}
    </ul>
  );
}

/**
 * One comment. Deleting hides it at once; if the server refuses, it comes back with the
 * reason under it.
 */
function CommentItem({ postId, comment, onDelete }: { postId: number; comment: ShownComment; onDelete: () => void }) {
  const remove = useDeleteComment(postId, comment.id);
  // Gone from the page while the server deletes it (and after: the cache drops it).
  if (remove.isPending || remove.isSuccess) return null;
  return (
    <li className={comment.pending ? "comment app-comment-pending" : "comment"} id={`comment-${comment.id}`}>
      <p className="comment-text">
        <UserLink person={comment.author} />{" "}
        <span className="comment-body">
          <RichText text={comment.body} known={comment.mentions} />
        </span>
      </p>
      <span className="comment-meta">
        {comment.pending ? "Posting…" : <ShortTimeAgo iso={comment.created_at} />}
        {comment.can_delete && !comment.pending && (
          <button
            type="button"
            className="link-button app-comment-delete"
            onClick={() => {
              onDelete(); // before the button goes, so focus isn't lost
              remove.mutate();
            }}
          >
            Delete <span className="visually-hidden">comment by {comment.author.username}</span>
          </button>
        )}
      </span>
      {remove.isError && (
        <p className="error app-comment-error" role="alert">
          Couldn't delete this comment. {messageOf(remove.error)}
        </p>
      )}
    </li>
  );
}
