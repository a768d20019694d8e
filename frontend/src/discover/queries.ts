/**
 * Finding posts and people beyond the feeds: a hashtag's posts, search and Explore.
 * Each list is cursor paged: a page's next_cursor is the next request's cursor.
 */

import { useInfiniteQuery } from "@tanstack/react-query";

import { api, ok } from "../api/client";
import { normaliseTag } from "../components/richText";

export type SearchType = "people" | "tags" | "posts";

export const discoverKeys = {
  tag: (tag: string) => ["tags", normaliseTag(tag)] as const,
  search: (type: SearchType, q: string) => ["search", type, q] as const,
  explore: ["explore"] as const,
};

const paging = {
  initialPageParam: undefined as number | undefined,
  getNextPageParam: (page: { next_cursor?: number | null }) => page.next_cursor ?? undefined,
};

/** A hashtag (its name and post count, on every page) and its posts, newest first. */
export function useTagPosts(tag: string) {
  return useInfiniteQuery({
    queryKey: discoverKeys.tag(tag),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/tags/{tag}", {
          params: { path: { tag }, query: pageParam === undefined ? {} : { before: pageParam } },
        }),
      ),
    ...paging,
  });
}

/** Recent popular posts by people you don't follow. */
export function useExplore() {
  return useInfiniteQuery({
    queryKey: discoverKeys.explore,
    queryFn: ({ pageParam }) =>
      ok(api.GET("/api/v1/explore", { params: { query: pageParam === undefined ? {} : { before: pageParam } } })),
    ...paging,
  });
}

export type TagSummary = { name: string; post_count: number };

/** One kind of search result for a query (never asked for an empty query). */
export function useSearch(type: SearchType, q: string) {
  return useInfiniteQuery({
    queryKey: discoverKeys.search(type, q),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/search", {
          params: { query: { q, type, ...(pageParam === undefined ? {} : { cursor: pageParam }) } },
        }),
      ),
    enabled: q !== "",
    ...paging,
  });
}
