import { Navigate, Outlet, useLocation } from "react-router-dom";

import { Loading } from "../components/states";
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

/** Login and signup: someone already logged in goes on to the feed. */
export function OnlyLoggedOut() {
  const { status } = useAuth();
  if (status === "checking") return <Loading />;
  if (status === "in") return <Navigate to="/" replace />;
  return <Outlet />;
}
