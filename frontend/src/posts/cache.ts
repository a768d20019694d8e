/**
 * Where posts live in the query cache, and how a change to one post reaches every copy.
 *
 * The same post can sit in several queries at once: both feeds, its own page, a profile's
 * grid. A like or a new comment must show in all of them, so changes go through
 * updatePostEverywhere, which finds the post by its shape rather than by query key: a
 * query another page defines (a profile's posts) is updated too.
 */

import type { InfiniteData, QueryClient } from "@tanstack/react-query";

import type { Comment, Post } from "../api/types";

export type FeedTab = "all" | "following";

export const postKeys = {
  all: ["posts"] as const,
  feed: (tab: FeedTab) => ["posts", "feed", tab] as const,
  post: (id: number) => ["posts", "one", id] as const,
  comments: (id: number) => ["posts", "one", id, "comments"] as const,
};

/** The Saved page's posts (GET /api/v1/me/saved). */
export const savedKey = ["saved"] as const;

/**
 * Comments people added from this tab, per post: shown under a feed card (the API's feed
 * has no latest comments) and at the end of a post page until the list holds them.
 * Its own root, so invalidating a post never empties it.
 */
export const addedCommentsKey = (postId: number) => ["added-comments", postId] as const;

/** A comment as shown: `pending` until the server has it. */
export type ShownComment = Comment & { pending?: boolean };

type Page<T> = { items: T[] };

function isPost(value: unknown): value is Post {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Post).id === "number" &&
    Array.isArray((value as Post).images) &&
    typeof (value as Post).like_count === "number"
  );
}

function isPage(value: unknown): value is Page<unknown> {
  return typeof value === "object" && value !== null && Array.isArray((value as Page<unknown>).items);
}

function isInfinite(value: unknown): value is InfiniteData<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as InfiniteData<unknown>).pages) &&
    Array.isArray((value as InfiniteData<unknown>).pageParams)
  );
}

/**
 * Apply `change` to each post in a query's data (a post, a page of posts, or pages of them);
 * `null` from `change` drops a post from its page. The same object back if nothing changed.
 */
function mapPosts(data: unknown, change: (post: Post) => Post | null): unknown {
  if (isPost(data)) return change(data) ?? data;
  if (isPage(data)) {
    let changed = false;
    const items: unknown[] = [];
    for (const item of data.items) {
      if (!isPost(item)) return data; // a page of something else (comments, people)
      const next = change(item);
      if (next !== item) changed = true;
      if (next !== null) items.push(next);
    }
    return changed ? { ...data, items } : data;
  }
  if (isInfinite(data)) {
    const pages = data.pages.map((page) => mapPosts(page, change));
    return pages.some((page, index) => page !== data.pages[index]) ? { ...data, pages } : data;
  }
  return data;
}

/** Change one post in every query that holds it (feeds, its page, profiles). */
export function updatePostEverywhere(
  queryClient: QueryClient,
  postId: number,
  change: (post: Post) => Post,
): void {
  for (const query of queryClient.getQueryCache().findAll()) {
    const data = query.state.data;
    if (data === undefined) continue;
    const next = mapPosts(data, (post) => (post.id === postId ? change(post) : post));
    if (next !== data) queryClient.setQueryData(query.queryKey, next);
  }
}

/** Take a deleted post out of every list that holds it. */
export function removePostEverywhere(queryClient: QueryClient, postId: number): void {
  for (const query of queryClient.getQueryCache().findAll()) {
    const data = query.state.data;
    if (!isPage(data) && !isInfinite(data)) continue;
    const next = mapPosts(data, (post) => (post.id === postId ? null : post)); // null: drop it
    if (next !== data) queryClient.setQueryData(query.queryKey, next);
  }
}

/** Forget a deleted post's own page and comments (once nothing shows them). */
export function forgetPost(queryClient: QueryClient, postId: number): void {
  queryClient.removeQueries({ queryKey: postKeys.post(postId) });
  queryClient.removeQueries({ queryKey: addedCommentsKey(postId) });
}

/** After a new post: reload the feeds, and any other list of posts (a profile's). */
export function invalidatePostLists(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({
    predicate: (query) => {
      const data = query.state.data;
      const firstPage = isInfinite(data) ? data.pages[0] : data;
      return isPage(firstPage) && (firstPage.items.length === 0 || isPost(firstPage.items[0]));
    },
  });
}

/** Any copy of a post already loaded (a feed's), to show its page at once. */
export function findCachedPost(queryClient: QueryClient, postId: number): Post | undefined {
  let found: Post | undefined;
  for (const query of queryClient.getQueryCache().findAll()) {
    mapPosts(query.state.data, (post) => {
      if (post.id === postId) found ??= post;
      return post;
    });
    if (found) break;
  }
  return found;
}

/** Stop loads of the queries holding a post, so an older answer can't undo a change shown at once. */
export async function cancelPostLoads(queryClient: QueryClient, postId: number): Promise<void> {
  const holding = queryClient.getQueryCache().findAll({
    predicate: (query) => {
      let holds = false;
      mapPosts(query.state.data, (post) => {
        if (post.id === postId) holds = true;
        return post;
      });
      return holds;
    },
  });
  await Promise.all(holding.map((query) => queryClient.cancelQueries({ queryKey: query.queryKey, exact: true })));
}

/** Add or replace a comment in the list of comments added from this tab. */
export function changeAddedComments(
  queryClient: QueryClient,
  postId: number,
  change: (comments: ShownComment[]) => ShownComment[],
): void {
  queryClient.setQueryData<ShownComment[]>(addedCommentsKey(postId), (comments) => change(comments ?? []));
}

/** Take a deleted comment out of the post's loaded comment pages and the added ones. */
export function removeCommentEverywhere(queryClient: QueryClient, postId: number, commentId: number): void {
  changeAddedComments(queryClient, postId, (comments) => comments.filter((c) => c.id !== commentId));
  queryClient.setQueryData<InfiniteData<Page<Comment>>>(postKeys.comments(postId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({ ...page, items: page.items.filter((c) => c.id !== commentId) })),
        }
      : data,
  );
}
