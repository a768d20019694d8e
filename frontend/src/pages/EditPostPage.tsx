import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";

import { ApiError, messageOf } from "../api/errors";
import type { Post } from "../api/types";
import { Field, FormError, TextAreaField } from "../components/Field";
import { Empty, LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { useEditPost } from "../posts/mutations";
import { PostImages } from "../posts/PostImages";
import { PostMissing } from "../posts/PostMissing";
import { usePost } from "../posts/queries";
import { usePostIdParam } from "../posts/usePostIdParam";
import "../posts/posts.css";

/** `/p/:postId/edit`: change a post's caption and alt text (the author's only). */
export function EditPostPage() {
  const postId = usePostIdParam();
  if (postId === null) return <PostMissing />;
  return <EditPost key={postId} postId={postId} />;
}

function EditPost({ postId }: { postId: number }) {
  usePageTitle("Edit post");
  const post = usePost(postId);

  // A copy from a feed may be old: wait for the post itself before filling the form.
  if (post.data && !post.isPlaceholderData) {
    if (!post.data.can_edit) return <CantEdit post={post.data} />;
    return <EditForm post={post.data} />;
  }
  if (post.isError) {
    if (post.error instanceof ApiError && post.error.status === 404) return <PostMissing />;
    return <LoadError error={post.error} retry={() => post.refetch()} />;
  }
  return <Loading what="Loading the post" />;
}

function CantEdit({ post }: { post: Post }) {
  return (
    <Empty title="You can't edit this post">
      <p>
        Only the person who shared a post can change it. <Link to={`/p/${post.id}`}>Back to the post</Link>.
      </p>
    </Empty>
  );
}

type Fields = { caption?: string; alt_text?: string };

/** The form starts from the post as loaded; what is typed stays, whatever the server says. */
function EditForm({ post }: { post: Post }) {
  const navigate = useNavigate();
  const editPost = useEditPost(post.id);
  const [caption, setCaption] = useState(post.caption);
  const [altText, setAltText] = useState(post.images[0]?.alt_text ?? "");
  const [fields, setFields] = useState<Fields>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFields({});
    setFormError(null);
    editPost.mutate(
      { caption, alt_text: altText },
      {
        onSuccess: () => navigate(`/p/${post.id}`),
        onError: (error) => {
          const refused: Fields =
            error instanceof ApiError ? { caption: error.fields.caption, alt_text: error.fields.alt_text } : {};
          if (refused.caption || refused.alt_text) setFields(refused);
          else setFormError(messageOf(error));
        },
      },
    );
  }

  const saving = editPost.isPending;
  return (
    <section className="panel">
      <h1>Edit post</h1>
      <div className="edit-preview">
        <PostImages post={post} all />
      </div>
      <form onSubmit={submit} noValidate>
        <FormError message={formError} />
        <TextAreaField
          label="Caption"
          name="caption"
          rows={5}
          value={caption}
          error={fields.caption}
          onChange={(event) => setCaption(event.target.value)}
        />
        <Field
          label="Alt text"
          name="alt_text"
          hint="Describes the photo for people who can't see it."
          value={altText}
          error={fields.alt_text}
          onChange={(event) => setAltText(event.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
          <Link className="button" to={`/p/${post.id}`}>
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
