/** Pieces of renderWithApp that are components. */

import { useEffect, useState, type ReactNode } from "react";
import { useLocation, type Location } from "react-router-dom";

import { onLoggedOut } from "../api/session";
import type { Me } from "../api/types";
import { AuthContext, type AuthState } from "../auth/context";

/** Someone logged in, without the network: setMe keeps the change; a session ending logs out. */
export function FakeAuth({
  initialMe,
  spies,
  children,
}: {
  initialMe: Me | null;
  spies: Pick<AuthState, "setMe" | "logIn" | "signUp" | "logOut">;
  children: ReactNode;
}) {
  const [me, setMe] = useState(initialMe);
  // As AuthProvider does: endSession() (a refused refresh, the server ending the login) logs out.
  useEffect(() => onLoggedOut(() => setMe(null)), []);
  const value: AuthState = {
    status: me ? "in" : "out",
    me,
    setMe: (account) => {
      spies.setMe(account);
      setMe(account);
    },
    logIn: spies.logIn,
    signUp: spies.signUp,
    logOut: spies.logOut,
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Tells the test where the app is after each move. */
export function WhereAmI({ report }: { report: (location: Location) => void }) {
  const location = useLocation();
  useEffect(() => {
    report(location);
  }, [location, report]);
  return null;
}
