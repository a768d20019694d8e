import { NavLink } from "react-router-dom";

import type { Me } from "../api/types";
import { useUnreadCount } from "../notifications/unread";
import { Icon } from "./Icon";
import "./topbar.css";

/** The top bar's Explore, Search and Notifications links (icons with names for screen readers). */
export function TopBarLinks({ me }: { me: Me }) {
  const unread = useUnreadCount(me);
  return (
    <>
      <NavLink className="app-nav-icon" to="/explore">
        <Icon name="explore" label="Explore" />
      </NavLink>
      <NavLink className="app-nav-icon" to="/search">
        <Icon name="search" label="Search" />
      </NavLink>
      <NavLink className="app-nav-icon app-bell" to="/notifications">
        <Icon name="bell" label="Notifications" />
        {unread > 0 && (
          <span className="app-badge">
            {unread > 99 ? "99+" : unread}
            <span className="visually-hidden"> unread</span>
          </span>
        )}
      </NavLink>
    </>
  );
}
