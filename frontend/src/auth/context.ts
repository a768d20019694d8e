import { createContext, useContext } from "react";

import type { Me } from "../api/types";

export type SignupFields = {
  username: string;
  email: string;
  password: string;
  display_name?: string;
  /** The token of the invitation link the person followed. */
  invitation?: string;
};

/**
 * "in": the new account is logged in; "pending": it waits for an admin's approval;
 * "verify": its address must be confirmed (a link was mailed) before it can log in.
 */
export type SignupResult = "in" | "pending" | "verify";

export type AuthState = {
  /** "checking" until the refresh cookie has been tried once at start. */
  status: "checking" | "in" | "out";
  me: Me | null;
  /** Replace the cached account after a change the person made (profile, avatar). */
  setMe: (me: Me) => void;
  logIn: (username: string, password: string) => Promise<void>;
  signUp: (fields: SignupFields) => Promise<SignupResult>;
  /**
   * End this login on the server. The tab forgets it with useLoginEnded, which also
   * leaves for the login page: ending it here first would send the page to
   * /login?next=(this page) instead.
   */
  logOut: () => Promise<void>;
};

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth needs an AuthProvider above it");
  return auth;
}

/** The logged-in account, on pages that are only shown to someone logged in. */
export function useMe() {
  const { me } = useAuth();
  if (me === null) throw new Error("useMe is for pages behind RequireLogin");
  return me;
}
