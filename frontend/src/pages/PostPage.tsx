import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";

import { ApiError, messageOf } from "../api/errors";
import type { Post } from "../api/types";
import { ConfirmPanel } from "../components/ConfirmPanel";
import { LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { forgetPost } from "../posts/cache";
import { CommentList } from "../posts/CommentList";
import { useDeletePost } from "../posts/mutations";
import { PostCard } from "../posts/PostCard";
import { PostMissing } from "../posts/PostMissing";
import { useAddedComments, useComments, usePost } from "../posts/queries";
import { usePostIdParam } from "../posts/usePostIdParam";
import "../posts/posts.css";

/** `/p/:postId`: one post, big, with all its comments. */
export function PostPage() {
  const postId = usePostIdParam();
  if (postId === null) return <PostMissing />;
  // A new key per post: an open "delete?" step doesn't carry over to the next post.
  return <PostView key={postId} postId={postId} />;
}

function PostView({ postId }: { postId: number }) {
  const post = usePost(postId);
  const missing = post.error instanceof ApiError && post.error.status === 404;
  usePageTitle(post.data ? pageTitle(post.data) : missing ? "Post not found" : "Post");

  if (post.data) return <PostWithComments post={post.data} />;
  if (post.isPending) return <Loading what="Loading the post" />;
  if (missing) return <PostMissing />;
  return <LoadError error={post.error} retry={() => post.refetch()} />;
}

/** As the HTML site's title: "alice: Sunset at the lake" (the caption cut at 60 characters). */
function pageTitle(post: Post): string {
  const caption = post.caption.replace(/\s+/g, " ").trim();
  if (!caption) return post.author.username;
  const short = caption.length > 60 ? `${caption.slice(0, 59).trimEnd()}…` : caption;
  return `${post.author.username}: ${short}`;
}

function PostWithComments({ post }: { post: Post }) {
  const location = useLocation();

  // "View all comments" links to #comments: the router doesn't scroll there by itself.
  useEffect(() => {
    if (location.hash === "#comments") document.getElementById("comments")?.scrollIntoView();
  }, [location.hash]);

  return (
    <PostCard post={post} onPage headerExtra={<OwnerActions post={post} />}>
      <h2 className="section-title" id="comments">
        {post.comment_count.toLocaleString("en")} {post.comment_count === 1 ? "comment" : "comments"}
      </h2>
      <Comments postId={post.id} />
    </PostCard>
  );
}

/** The comments loaded so far, "Load more comments", then those added from this tab. */
function Comments({ postId }: { postId: number }) {
  const comments = useComments(postId);
  const added = useAddedComments(postId);

  if (comments.isPending) return <Loading what="Loading comments" />;
  if (comments.isError && !comments.data) {
    return <LoadError error={comments.error} retry={() => comments.refetch()} />;
  }

  const loaded = comments.data.pages.flatMap((page) => page.items);
  const loadedIds = new Set(loaded.map((comment) => comment.id));
  // The server pages oldest first, so comments added here come after every page.
  const addedHere = added.filter((comment) => !loadedIds.has(comment.id));
  const none = loaded.length === 0 && addedHere.length === 0;

  return (
    <>
      <CommentList
        postId={postId}
        comments={loaded}
        empty={none ? "No comments yet. Start the conversation." : undefined}
      />
      {comments.hasNextPage && (
        <div className="app-more-comments">
          {comments.isFetchNextPageError && (
            <p className="error" role="alert">
              Couldn't load more comments. {messageOf(comments.error)}
            </p>
          )}
          <button
            type="button"
            className="link-button"
            aria-disabled={comments.isFetchingNextPage}
            onClick={() => {
              if (!comments.isFetchingNextPage) void comments.fetchNextPage();
            }}
          >
            {comments.isFetchingNextPage ? "Loading comments…" : "Load more comments"}
          </button>
        </div>
      )}
      <CommentList postId={postId} comments={addedHere} />
    </>
  );
}

/** Edit and Delete, for the post's author. Delete asks first, here in the page. */
function OwnerActions({ post }: { post: Post }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deletePost = useDeletePost(post.id);
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);

  if (!post.can_edit && !post.can_delete) return null;

  function cancel() {
    setConfirming(false);
    deletePost.reset();
    // Focus back where it was before the question (after React has shown the button again).
    requestAnimationFrame(() => deleteButton.current?.focus());
  }

  function confirm() {
    deletePost.mutate(undefined, {
      onSuccess: () => {
        navigate("/", { replace: true });
        forgetPost(queryClient, post.id);
      },
    });
  }

  return (
    <>
      <div className="owner-actions">
        {post.can_edit && (
          <Link className="link-button small" to={`/p/${post.id}/edit`}>
            Edit
          </Link>
        )}
        {post.can_delete && !confirming && (
          <button
            type="button"
            className="link-button small danger"
            ref={deleteButton}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmPanel
          question="Delete this post?"
          detail="Its photo, likes and comments go too. This can't be undone."
          confirmLabel="Delete post"
          busyLabel="Deleting…"
          busy={deletePost.isPending}
          error={deletePost.error}
          onConfirm={confirm}
          onCancel={cancel}
        />
      )}
    </>
  );
}
