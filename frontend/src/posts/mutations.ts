/**
 * Changing posts: likes and comments show at once and are undone if the server refuses;
 * new, edited and deleted posts update every cached copy when the server has answered.
 */

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "../api/client";
import type { Author, Post } from "../api/types";
import {
  cancelPostLoads,
  changeAddedComments,
  invalidatePostLists,
  postKeys,
  savedKey,
  removeCommentEverywhere,
  removePostEverywhere,
  updatePostEverywhere,
  type ShownComment,
} from "./cache";

function withLike(post: Post, liked: boolean): Post {
  if (post.liked === liked) return post;
  return { ...post, liked, like_count: Math.max(0, post.like_count + (liked ? 1 : -1)) };
}

function withCommentCount(post: Post, change: number): Post {
  return { ...post, comment_count: Math.max(0, post.comment_count + change) };
}

/** Like (true) or unlike (false) a post. */
export function useLike(postId: number) {
  const queryClient = useQueryClient();
  const path = { params: { path: { post_id: postId } } };
  return useMutation({
    mutationKey: ["like", postId],
    mutationFn: (like: boolean) =>
      ok(like ? api.PUT("/api/v1/posts/{post_id}/like", path) : api.DELETE("/api/v1/posts/{post_id}/like", path)),
    onMutate: async (like) => {
      await cancelPostLoads(queryClient, postId);
      updatePostEverywhere(queryClient, postId, (post) => withLike(post, like));
    },
    onError: (_error, like) => updatePostEverywhere(queryClient, postId, (post) => withLike(post, !like)),
    // The server's count includes other people's likes meanwhile.
    onSuccess: (answer) =>
      updatePostEverywhere(queryClient, postId, (post) => ({
        ...post,
        liked: answer.liked,
        like_count: answer.like_count,
      })),
  });
}

/** Save (true) or unsave (false) a post: shown at once, undone if the server refuses. */
export function useSave(postId: number) {
  const queryClient = useQueryClient();
  const path = { params: { path: { post_id: postId } } };
  return useMutation({
    mutationKey: ["save", postId],
    mutationFn: (save: boolean) =>
      ok(save ? api.PUT("/api/v1/posts/{post_id}/save", path) : api.DELETE("/api/v1/posts/{post_id}/save", path)),
    onMutate: async (save) => {
      await cancelPostLoads(queryClient, postId);
      updatePostEverywhere(queryClient, postId, (post) => (post.saved === save ? post : { ...post, saved: save }));
    },
    onError: (_error, save) =>
      updatePostEverywhere(queryClient, postId, (post) => (post.saved === !save ? post : { ...post, saved: !save })),
    // The Saved page's list changes: load it afresh when it is next shown.
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedKey, refetchType: "none" }),
  });
}

let lastPendingId = 0;

/** Comment on a post as `me`: the comment shows (marked pending) before the server answers. */
export function useAddComment(postId: number, me: Author) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      ok(api.POST("/api/v1/posts/{post_id}/comments", { params: { path: { post_id: postId } }, body: { body } })),
    onMutate: async (body) => {
      await cancelPostLoads(queryClient, postId);
      // Negative ids are never the server's: this one is replaced when it answers.
      const pending: ShownComment = {
        id: --lastPendingId,
        post_id: postId,
        author: { username: me.username, display_name: me.display_name, avatar: me.avatar },
        body: body.trim(),
        mentions: [], // its @names link once the server has said which are people
        can_delete: false,
        created_at: new Date().toISOString(),
        pending: true,
      };
      changeAddedComments(queryClient, postId, (comments) => [...comments, pending]);
      updatePostEverywhere(queryClient, postId, (post) => withCommentCount(post, +1));
      return { pendingId: pending.id };
    },
    onError: (_error, _body, context) => {
      if (!context) return;
      changeAddedComments(queryClient, postId, (comments) => comments.filter((c) => c.id !== context.pendingId));
      updatePostEverywhere(queryClient, postId, (post) => withCommentCount(post, -1));
    },
    onSuccess: (comment, _body, context) =>
      changeAddedComments(queryClient, postId, (comments) =>
        comments.map((c) => (c.id === context.pendingId ? comment : c)),
      ),
  });
}

/** Delete a comment; the comment hides while this is pending (see CommentItem). */
export function useDeleteComment(postId: number, commentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      ok(
        api.DELETE("/api/v1/posts/{post_id}/comments/{comment_id}", {
          params: { path: { post_id: postId, comment_id: commentId } },
        }),
      ),
    onMutate: async () => {
      await cancelPostLoads(queryClient, postId);
      updatePostEverywhere(queryClient, postId, (post) => withCommentCount(post, -1));
    },
    onError: () => updatePostEverywhere(queryClient, postId, (post) => withCommentCount(post, +1)),
    onSuccess: () => removeCommentEverywhere(queryClient, postId, commentId),
  });
}

/** One photo from the device and what it shows, for people who can't see it. */
export type NewPhoto = { file: File; altText: string };

export type NewPostInput = {
  /** Photos from the person's device, in order (1 to 10), or else `imageUrl`, an https:// address the server downloads. */
  photos?: NewPhoto[];
  imageUrl?: string;
  caption: string;
  /** The alt text of the photo at `imageUrl`. */
  altText?: string;
};

/** Share photos: multipart with an `image` and an `alt_text` part for each, in order; or JSON with an address. */
export function useCreatePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ photos, imageUrl, caption, altText = "" }: NewPostInput) =>
      ok(
        photos?.length
          ? api.POST("/api/v1/posts", {
              body: { caption, alt_text: photos.map((photo) => photo.altText) },
              bodySerializer: (fields) => {
                const form = new FormData();
                photos.forEach((photo) => {
                  form.append("image", photo.file, photo.file.name); // the server ignores a part without a name
                  form.append("alt_text", photo.altText);
                });
                form.append("caption", fields.caption ?? "");
                return form;
              },
            })
          : api.POST("/api/v1/posts", { body: { image_url: imageUrl ?? "", caption, alt_text: altText } }),
      ),
    onSuccess: (post) => {
      queryClient.setQueryData(postKeys.post(post.id), post);
      invalidatePostLists(queryClient);
    },
  });
}

/** Change a post's caption and alt text. */
export function useEditPost(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: { caption: string; alt_text: string }) =>
      ok(api.PATCH("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } }, body: changes })),
    onSuccess: (post) => {
      queryClient.setQueryData(postKeys.post(postId), post);
      updatePostEverywhere(queryClient, postId, () => post);
    },
  });
}

/**
 * Delete a post. Its copies in lists go when the server has deleted it; the caller
 * leaves the post's page, then calls forgetPost (a page still showing it would load it again).
 */
export function useDeletePost(postId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.DELETE("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } } })),
    onSuccess: () => removePostEverywhere(queryClient, postId),
  });
}
