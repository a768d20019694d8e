import { NavLink } from "react-router-dom";

/** The tabs above every settings page; the current one says so (aria-current="page"). */
export function SettingsNav() {
  return (
    <nav className="tabs" aria-label="Settings">
      <NavLink to="/settings/profile">Profile</NavLink>
      <NavLink to="/settings/password">Password</NavLink>
      <NavLink to="/settings/notifications">Notifications</NavLink>
      <NavLink to="/settings/delete">Delete account</NavLink>
    </nav>
  );
}
