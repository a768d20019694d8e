/**
 * The unread count on the top bar's Notifications link: the account's stored count, which
 * GET /api/v1/me carries. It is asked for again at most once a minute, when the window
 * gets the focus back or the app moves to another page, never on a timer.
 */

import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useLocation } from "react-router-dom";

import { api, ok } from "../api/client";
import type { Me } from "../api/types";

export const meKey = ["me"] as const;

/** How long a count is believed before a focus or a move asks for it again. */
const FRESH_FOR = 60_000;

export function useUnreadCount(me: Me): number {
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const query = useQuery({
    queryKey: meKey,
    queryFn: () => ok(api.GET("/api/v1/me")),
    // The account loaded at login counts as a fresh answer.
    initialData: me,
    initialDataUpdatedAt: () => Date.now(),
    staleTime: FRESH_FOR,
    refetchOnWindowFocus: true,
    select: (account) => account.unread_notifications,
  });

  useEffect(() => {
    // Only a stale count is asked for again, so quick moves between pages cost nothing.
    void queryClient.refetchQueries({ queryKey: meKey, exact: true, stale: true, type: "active" });
  }, [pathname, queryClient]);

  return query.data;
}

/** The count after the notifications page marked them read (the server's number, or none). */
export function setUnreadCount(queryClient: QueryClient, unread: number): void {
  queryClient.setQueryData<Me>(meKey, (account) =>
    account ? { ...account, unread_notifications: unread } : account,
  );
}
