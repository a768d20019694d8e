import { Navigate, Outlet, useLocation, useSearchParams } from "react-router-dom";

import { Loading } from "../components/states";
import { safeNext } from "../routing";
import { useAuth } from "./context";

/** Pages for people who are logged in; others go to login and come back after. */
export function RequireLogin() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === "checking") return <Loading />;
  if (status === "out") {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/**
 * Login and signup: someone logged in goes on to where they were headed (the feed by
 * default). This also runs the moment a login succeeds, before the page's own navigate.
 */
export function OnlyLoggedOut() {
  const { status } = useAuth();
  const [params] = useSearchParams();
  if (status === "checking") return <Loading />;
  if (status === "in") return <Navigate to={safeNext(params.get("next"))} replace />;
  return <Outlet />;
}
