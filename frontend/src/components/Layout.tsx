import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router-dom";

import { useSite } from "../api/site";
import { useAuth } from "../auth/context";
import { useLoginEnded } from "../auth/loginEnded";
import { Flash } from "./Flash";
import { Icon } from "./Icon";
import { Avatar } from "./people";
import { TopBarLinks } from "./TopBarLinks";

/** The top bar and the page under it. On every route change focus moves to the page. */
export function Layout() {
  const { me, logOut } = useAuth();
  const location = useLocation();
  const loginEnded = useLoginEnded();
  const main = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // A screen reader hears the new page from its start, as after a full page load.
    main.current?.focus();
  }, [location.pathname]);

  async function handleLogOut() {
    await logOut();
    loginEnded("You have been logged out.");
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link className="logo" to="/">
            Flaskgram
          </Link>
          {me ? (
            <nav className="nav" aria-label="Main">
              <NavLink to="/" end>
                Feed
              </NavLink>
              <NavLink to="/following">Following</NavLink>
              <TopBarLinks me={me} />
              <Link className="button button-primary new-post" to="/posts/new">
                <Icon name="plus" />
                <span className="new-post-label">New post</span>
              </Link>
              <div className="menu app-menu">
                <button
                  type="button"
                  className="app-menu-button"
                  aria-expanded={menuOpen}
                  aria-controls="account-menu"
                  onClick={() => setMenuOpen((open) => !open)}
                >
                  <Avatar person={me} size={28} />
                  <span className="visually-hidden">Account menu for </span>
                  <span className="menu-name">{me.username}</span>
                </button>
                {menuOpen && (
                  // Any choice in the menu closes it.
                  <div className="menu-items" id="account-menu" onClick={() => setMenuOpen(false)}>
                    <Link to={`/u/${me.username}`}>Profile</Link>
                    <Link to="/saved">Saved</Link>
                    <Link to="/settings/profile">Settings</Link>
                    {me.is_admin && <Link to="/admin">Admin</Link>}
                    <button type="button" className="link-button" onClick={handleLogOut}>
                      Log out
                    </button>
                  </div>
                )}
              </div>
            </nav>
          ) : (
            <nav className="nav" aria-label="Account">
              <NavLink to="/login">Log in</NavLink>
              <SignupLink className="button button-primary" />
            </nav>
          )}
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1} ref={main}>
        <Flash />
        <Outlet />
      </main>
    </>
  );
}

/** "Sign up", unless the site takes no new accounts. */
export function SignupLink({ className }: { className?: string }) {
  const site = useSite();
  if (site.data?.registration_mode === "closed") return null;
  return (
    <Link className={className} to="/signup">
      Sign up
    </Link>
  );
}
