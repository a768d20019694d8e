/**
 * People on the server, as TanStack Query caches them.
 *
 * Keys start with ["users", username]: invalidating that prefix refreshes everything
 * shown about one person. Usernames are stored lowercase and found whatever their case,
 * so keys use the lowercase name whatever the address bar says.
 */

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, ok } from "../api/client";

export type PeopleList = "followers" | "following";

export const userKeys = {
  all: ["users"] as const,
  person: (username: string) => ["users", username.toLowerCase()] as const,
  posts: (username: string) => ["users", username.toLowerCase(), "posts"] as const,
  people: (username: string, list: PeopleList) => ["users", username.toLowerCase(), list] as const,
};

export function useProfile(username: string) {
  return useQuery({
    queryKey: userKeys.person(username),
    queryFn: () => ok(api.GET("/api/v1/users/{username}", { params: { path: { username } } })),
  });
}

/** Someone's posts, newest first, a page at a time. */
export function useUserPosts(username: string) {
  return useInfiniteQuery({
    queryKey: userKeys.posts(username),
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/users/{username}/posts", {
          params: { path: { username }, query: { before: pageParam } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** Someone's followers, or the people they follow, by username a page at a time. */
export function usePeople(username: string, list: PeopleList) {
  return useInfiniteQuery({
    queryKey: userKeys.people(username, list),
    queryFn: ({ pageParam }) => {
      const options = { params: { path: { username }, query: { after: pageParam } } };
      return ok(
        list === "followers"
          ? api.GET("/api/v1/users/{username}/followers", options)
          : api.GET("/api/v1/users/{username}/following", options),
      );
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}
