/**
 * Finding posts and people beyond the feeds: a hashtag's posts, search and Explore.
 * Each list is cursor paged: a page's next_cursor is the next request's cursor.
 */

import { useInfiniteQuery } from "@tanstack/react-query";

import { api, ok } from "../api/client";
import type { SearchPage } from "../api/types";
import { normaliseTag } from "../components/richText";

export type SearchType = SearchPage["type"];

export const discoverKeys = {
  tag: (tag: string) => ["tags", normaliseTag(tag)] as const,
  search: (type: SearchType, q: string) => ["search", type, q] as const,
  explore: ["explore"] as const,
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
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** Recent popular posts by people you don't follow (its cursor is the server's string). */
export function useExplore() {
  return useInfiniteQuery({
    queryKey: discoverKeys.explore,
    queryFn: ({ pageParam }) =>
      ok(api.GET("/api/v1/explore", { params: { query: pageParam === undefined ? {} : { cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/**
 * One kind of search result for a query; never asked for an empty one. The answer has a
 * list of each kind, and only the one asked for holds anything.
 */
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
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
