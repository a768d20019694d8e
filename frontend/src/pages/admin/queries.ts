/** The admin area's reads; every admin change invalidates adminKey's lists (and the log). */

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { api, ok } from "../../api/client";

export const adminKey = ["admin"] as const;
export const registrationKey = [...adminKey, "registration"] as const;

type Cursor = string | undefined;

/** One page of people, newest first; `q` searches usernames, names and addresses. */
export function useAdminPeople(q: string) {
  return useInfiniteQuery({
    queryKey: [...adminKey, "people", q],
    queryFn: ({ pageParam }) =>
      ok(api.GET("/api/v1/admin/people", { params: { query: { ...(q ? { q } : {}), ...cursor(pageParam) } } })),
    initialPageParam: undefined as Cursor,
    getNextPageParam: (page) => next(page.next_cursor),
  });
}

export function useInvitations() {
  return useInfiniteQuery({
    queryKey: [...adminKey, "invitations"],
    queryFn: ({ pageParam }) => ok(api.GET("/api/v1/admin/invitations", { params: { query: cursor(pageParam) } })),
    initialPageParam: undefined as Cursor,
    getNextPageParam: (page) => next(page.next_cursor),
  });
}

export function useAdminLog() {
  return useInfiniteQuery({
    queryKey: [...adminKey, "log"],
    queryFn: ({ pageParam }) => ok(api.GET("/api/v1/admin/log", { params: { query: cursor(pageParam) } })),
    initialPageParam: undefined as Cursor,
    getNextPageParam: (page) => next(page.next_cursor),
  });
}

export function useRegistration() {
  return useQuery({ queryKey: registrationKey, queryFn: () => ok(api.GET("/api/v1/admin/registration")) });
}

function cursor(pageParam: Cursor) {
  return pageParam === undefined ? {} : { before: pageParam };
}

function next(cursor: string | number | null | undefined): Cursor {
  return cursor === null || cursor === undefined ? undefined : String(cursor);
}
