import { NavLink } from "react-router-dom";

import type { Me } from "../api/types";
import { useUnreadCount } from "../notifications/unread";
import { Icon } from "./Icon";

/** The top bar's Explore, Search and Notifications links, as base.html draws them. */
export function TopBarLinks({ me }: { me: Me }) {
  const unread = useUnreadCount(me);
  return (
    <>
      <NavLink to="/explore">Explore</NavLink>
      <NavLink to="/search">
        <Icon name="search" label="Search" />
      </NavLink>
      <NavLink className="notifications-link" to="/notifications">
        <Icon name="heart" label="Notifications" />
        {/* Spaces between the words, so the link is called "Notifications 3 unread". */}
        {unread > 0 && (
          <>
            {" "}
            <span className="badge">
              {unread < 100 ? unread : "99+"} <span className="visually-hidden">unread</span>
            </span>
          </>
        )}
      </NavLink>
    </>
  );
}
