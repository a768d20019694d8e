import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router-dom";

import type { Me } from "../api/types";
import { LoadMore } from "../components/LoadMore";
import { Icon } from "../components/Icon";
import { LoadError, Loading } from "../components/states";
import { usePageTitle } from "../components/usePageTitle";
import { NotificationItem } from "../notifications/NotificationItem";
import { useMarkRead, useNotifications } from "../notifications/queries";
import { meKey } from "../notifications/unread";
import "../notifications/notifications.css";

/**
 * `/notifications`: what others did to you, newest first, likes and follows grouped. Seeing
 * the first page marks everything in it (and older) read, and the top bar's badge clears.
 */
export function NotificationsPage() {
  usePageTitle("Notifications");
  const list = useNotifications();
  const groups = list.data?.pages.flatMap((page) => page.items) ?? [];
  useMarkReadOnView(groups[0]?.id, groups.some((group) => !group.read));

  let content;
  if (list.isPending) content = <Loading what="Loading notifications" />;
  else if (list.isError && !list.data) content = <LoadError error={list.error} retry={() => list.refetch()} />;
  else if (groups.length === 0)
    content = (
      <section className="empty">
        <span className="empty-icon">
          <Icon name="heart" />
        </span>
        <h2>Nothing yet</h2>
        <p>When people like or comment on your posts, follow you or mention you, you'll see it here.</p>
      </section>
    );
  else
    content = (
      <>
        <ul className="notifications">
          {groups.map((group) => (
            <NotificationItem key={group.id} item={group} />
          ))}
        </ul>
        <LoadMore
          what="notifications"
          pages={list}
        />
      </>
    );

  return (
    <section className="panel notifications-page app-notifications-page">
      <h1>Notifications</h1>
      {content}
      <p className="muted">
        <Link to="/settings/notifications">Choose which notifications you get</Link>
      </p>
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
