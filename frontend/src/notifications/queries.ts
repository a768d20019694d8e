/** The notifications page's list, marking it read, and the per-kind switches in settings. */

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, ok } from "../api/client";
import type { NotificationSettings } from "../api/types";
import { setUnreadCount } from "./unread";

export const notificationKeys = {
  list: ["notifications", "list"] as const,
  settings: ["notifications", "settings"] as const,
};

/** Your notifications, newest first, a page at a time. */
export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ pageParam }) =>
      ok(
        api.GET("/api/v1/me/notifications", {
          params: { query: pageParam === undefined ? {} : { before: pageParam } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    // Always fresh when the page opens: what's new is the point of it.
    staleTime: 0,
  });
}

/** Mark read every notification up to `upTo` (the newest shown); the top bar's badge follows. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upTo: number) =>
      ok(api.POST("/api/v1/me/notifications/read", { body: { up_to: upTo } })),
    // What is left unread: newer notifications may have come since the page loaded.
    onSuccess: (answer) => setUnreadCount(queryClient, answer.unread_notifications),
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: () => ok(api.GET("/api/v1/me/notifications/settings")),
  });
}

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: NotificationSettings) =>
      ok(api.PUT("/api/v1/me/notifications/settings", { body: settings })),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.settings, saved),
  });
}
