import type { ReactNode } from "react";
import { Link } from "react-router-dom";

import type { Post } from "../api/types";
import { Icon } from "../components/Icon";
import { Avatar, UserLink } from "../components/people";
import { RichText } from "../components/RichText";
import { TimeAgo } from "../components/TimeAgo";
import { CommentForm } from "./CommentForm";
import { CommentList } from "./CommentList";
import { LikeButton, LikeCount } from "./LikeButton";
import { Downloads, PostImages } from "./PostImages";
import { SaveButton } from "./SaveButton";
import { useAddedComments } from "./queries";
import "./posts.css";

type Props = {
  post: Post;
  /**
   * On the post's own page: the photo big and loaded at once, the page's h1, and
   * `children` (the comments) where a feed card has its link to them.
   */
  onPage?: boolean;
  /** More for the header (the owner's Edit and Delete). */
  headerExtra?: ReactNode;
  children?: ReactNode;
};

/** A post as the HTML site's `post_card` macro draws it, in a feed or on its own page. */
export function PostCard({ post, onPage = false, headerExtra, children }: Props) {
  const href = `/p/${post.id}`;
  return (
    <article className={onPage ? "card post-page" : "card"} id={`post-${post.id}`}>
      {onPage && <h1 className="visually-hidden">Post by {post.author.username}</h1>}
      <header className="card-header">
        <Avatar person={post.author} size={32} />
        <UserLink person={post.author} />
        <span className="dot" aria-hidden="true">
          ·
        </span>
        {onPage ? (
          <span className="muted">
            <TimeAgo iso={post.created_at} />
            {post.edited_at && " · edited"}
          </span>
        ) : (
          <Link className="muted" to={href}>
            <TimeAgo iso={post.created_at} />
          </Link>
        )}
        {headerExtra}
      </header>
      {onPage ? (
        <div className="card-image">
          <PostImages post={post} all />
        </div>
      ) : (
        <Link className="card-image photo-link" to={href}>
          <PostImages post={post} />
        </Link>
      )}
      <div className="card-body">
        <div className="actions app-actions">
          <LikeButton post={post} />
          {!onPage && (
            <Link className="icon-button comment-link" to={`${href}#comments`}>
              <Icon name="comment" label="Comment" />
            </Link>
          )}
          <SaveButton post={post} />
        </div>
        <LikeCount count={post.like_count} />
        {post.caption && (
          <p className="caption">
            <UserLink person={post.author} /> <RichText text={post.caption} known={post.mentions} />
          </p>
        )}
        {onPage && <Downloads post={post} />}
        {onPage ? children : <FeedComments post={post} />}
        <CommentForm post={post} />
      </div>
    </article>
  );
}

/** Under a feed card: a link to all the comments, and those added from here. */
function FeedComments({ post }: { post: Post }) {
  const added = useAddedComments(post.id);
  const count = post.comment_count;
  return (
    <>
      {count > added.length && (
        <Link className="muted" to={`/p/${post.id}#comments`}>
          {count === 1 ? "View 1 comment" : `View all ${count.toLocaleString("en")} comments`}
        </Link>
      )}
      <CommentList postId={post.id} comments={added} />
    </>
  );
}
