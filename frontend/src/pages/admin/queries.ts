/** The admin area's reads; every admin change invalidates adminKey's lists (and the log). */

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, ok } from "../../api/client";

export const adminKey = ["admin"] as const;
export const registrationKey = [...adminKey, "registration"] as const;

/** One page of people by username (the cursor is `after`); `q` keeps those whose username, name or email starts with it. */
export function useAdminPeople(q: string) {
  return useInfiniteQuery({
    queryKey: [...adminKey, "people", q],
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/admin/people", {
          params: { query: { ...(q ? { q } : {}), ...(pageParam === undefined ? {} : { after: pageParam }) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor || undefined,
  });
}

/** Invitation links, newest first (the cursor is `before`, an id). */
export function useInvitations() {
  return useInfiniteQuery({
    queryKey: [...adminKey, "invitations"],
    queryFn: ({ pageParam }) => ok(api.GET("/api/v1/admin/invitations", { params: { query: older(pageParam) } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** Admin actions, newest first. */
export function useAdminLog() {
  return useInfiniteQuery({
    queryKey: [...adminKey, "log"],
    queryFn: ({ pageParam }) => ok(api.GET("/api/v1/admin/log", { params: { query: older(pageParam) } })),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useRegistration() {
  return useQuery({ queryKey: registrationKey, queryFn: () => ok(api.GET("/api/v1/admin/registration")) });
}

function older(before: number | undefined) {
  return before === undefined ? {} : { before };
}
