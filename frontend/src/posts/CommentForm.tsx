import { useId, useState, type FormEvent, type KeyboardEvent } from "react";

import { ApiError, messageOf } from "../api/errors";
import type { Post } from "../api/types";
import { useMe } from "../auth/context";
import { useAddComment } from "./mutations";

/**
 * "Add a comment…". The comment shows at once (marked as posting) and the box empties;
 * if the server refuses it, the text comes back into the box with the reason under it.
 * Enter posts, Shift+Enter starts a new line (as on the HTML site).
 */
export function CommentForm({ post }: { post: Post }) {
  const id = useId();
  const me = useMe();
  const addComment = useAddComment(post.id, me);
  const [body, setBody] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = body;
    setFormError(null);
    if (!text.trim()) {
      setFieldError("A comment can't be empty.");
      return;
    }
    setFieldError(null);
    setBody("");
    addComment.mutateAsync(text).catch((error: unknown) => {
      // Give the text back; if they have started another comment meanwhile, keep both.
      setBody((current) => (current.trim() ? `${text}\n${current}` : text));
      if (error instanceof ApiError && error.fields.body) {
        setFieldError(error.fields.body);
      } else {
        setFormError(`Your comment wasn't posted. ${messageOf(error)}`);
      }
    });
  }

  function enterPosts(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }

  return (
    <form className="comment-form" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor={`${id}-body`}>
        Add a comment
      </label>
      <textarea
        id={`${id}-body`}
        name="body"
        rows={1}
        placeholder="Add a comment…"
        required
        value={body}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? `${id}-error` : undefined}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={enterPosts}
      />
      <button type="submit" className="link-button">
        Post
      </button>
      {fieldError && (
        <p className="error" id={`${id}-error`} role="alert">
          {fieldError}
        </p>
      )}
      {formError && (
        <p className="error form-error" role="alert">
          {formError}
        </p>
      )}
    </form>
  );
}
