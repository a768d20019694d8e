import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";

import type { Me } from "../api/types";
import { LoadMore } from "../components/LoadMore";
import { Empty, LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { NotificationItem, type NotificationGroup } from "../notifications/NotificationItem";
import { useMarkRead, useNotifications } from "../notifications/queries";
import { meKey } from "../notifications/unread";
import "../notifications/notifications.css";

/**
 * `/notifications`: what others did to you, newest first, likes and follows grouped. Seeing
 * the first page marks everything in it (and older) read, and the bell's badge clears.
 */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const list = useNotifications();
  const groups = (list.data?.pages.flatMap((page) => page.items) ?? []) as NotificationGroup[];
  useMarkReadOnView(groups[0]?.id, groups.some((group) => group.unread));

  let content;
  if (list.isPending) content = <Loading what="Loading notifications" />;
  else if (list.isError && !list.data) content = <LoadError error={list.error} retry={() => list.refetch()} />;
  else if (groups.length === 0)
    content = (
      <Empty title="No notifications yet">
        <p>When someone likes or comments on your posts, follows you or mentions you, you'll see it here.</p>
        <Link to="/settings/notifications">Choose what you're told about</Link>
      </Empty>
    );
  else
    content = (
      <>
        <ul className="app-notifications">
          {groups.map((group) => (
            <NotificationItem key={group.id} item={group} />
          ))}
        </ul>
        <LoadMore
          what="notifications"
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          isFetchNextPageError={list.isFetchNextPageError}
          error={list.error}
          fetchNextPage={list.fetchNextPage}
        />
      </>
    );

  return (
    <section className="panel app-notifications-page">
      <h1>Notifications</h1>
      {content}
    </section>
  );
}

/**
 * Mark read up to the newest shown, once for each newest (not on every render), when the
 * page or the badge has something unread.
 */
function useMarkReadOnView(newest: number | undefined, anyUnread: boolean) {
  const queryClient = useQueryClient();
  const { mutate } = useMarkRead();
  const marked = useRef(0);
  useEffect(() => {
    if (newest === undefined || marked.current >= newest) return;
    const badge = queryClient.getQueryData<Me>(meKey)?.unread_notifications ?? 0;
    if (!anyUnread && badge === 0) return;
    marked.current = newest;
    mutate(newest);
  }, [newest, anyUnread, mutate, queryClient]);
}
