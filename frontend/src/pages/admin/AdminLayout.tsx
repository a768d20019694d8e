import { NavLink, Outlet } from "react-router-dom";

import { useMe } from "../../auth/context";
import { NotFoundPage } from "../NotFoundPage";
import "./admin.css";

/**
 * Every `/admin` page: only for admins. Anyone else sees the page that isn't there, as the
 * server answers 404 (not 403) so the admin area doesn't announce itself.
 */
export function AdminLayout() {
  const me = useMe();
  if (!me.is_admin) return <NotFoundPage />;
  return (
    <section className="panel app-admin">
      <nav className="tabs" aria-label="Admin">
        <NavLink to="/admin" end>
          Overview
        </NavLink>
        <NavLink to="/admin/people">People</NavLink>
        <NavLink to="/admin/invitations">Invitations</NavLink>
        <NavLink to="/admin/log">Log</NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
