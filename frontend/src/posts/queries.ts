/** Reading posts: the feeds, one post, a post's comments. Changes are in mutations.ts. */

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "../api/client";
import { addedCommentsKey, findCachedPost, postKeys, type FeedTab, type ShownComment } from "./cache";

const FEED_PATHS = {
  all: "/api/v1/feed",
  following: "/api/v1/feed/following",
} as const;

/** A feed, newest first, a page at a time: each page's next_cursor is the next `before`. */
export function useFeed(tab: FeedTab) {
  return useInfiniteQuery({
    queryKey: postKeys.feed(tab),
    queryFn: ({ pageParam }) =>
      ok(api.GET(FEED_PATHS[tab], { params: { query: pageParam === undefined ? {} : { before: pageParam } } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** One post; a copy already in a feed shows at once while the page loads it fresh. */
export function usePost(postId: number) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: postKeys.post(postId),
    queryFn: () => ok(api.GET("/api/v1/posts/{post_id}", { params: { path: { post_id: postId } } })),
    placeholderData: () => findCachedPost(queryClient, postId),
  });
}

/** A post's comments, oldest first; each page's next_cursor is the next `after`. */
export function useComments(postId: number) {
  return useInfiniteQuery({
    queryKey: postKeys.comments(postId),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/posts/{post_id}/comments", {
          params: { path: { post_id: postId }, query: pageParam === undefined ? {} : { after: pageParam } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/**
 * The comments added from this tab (see addedCommentsKey). There is nothing to fetch:
 * only mutations.ts writes it, and "refetching" it (a broad invalidation) keeps it as is.
 */
export function useAddedComments(postId: number): ShownComment[] {
  const queryClient = useQueryClient();
  const queryKey = addedCommentsKey(postId);
  const { data } = useQuery({
    queryKey,
    queryFn: () => queryClient.getQueryData<ShownComment[]>(queryKey) ?? [],
    initialData: [] as ShownComment[],
    staleTime: Infinity,
  });
  return data;
}
