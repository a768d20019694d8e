import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";

import { api, ok } from "../api/client";
import { onLoggedOut, refreshSession, startSession } from "../api/session";
import type { Me, Tokens } from "../api/types";
import { AuthContext, type AuthState, type SignupFields } from "./context";

/**
 * Who is logged in. On start it trades the refresh cookie for an access token (so a reload
 * keeps the login) and loads the person's own account.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<AuthState["status"]>("checking");

  const loadMe = useCallback(async () => {
    const account = await ok(api.GET("/api/v1/me"));
    setMe(account);
    setStatus("in");
  }, []);

  const begin = useCallback(
    async (tokens: Tokens) => {
      startSession(tokens.access_token);
      queryClient.clear(); // nothing cached for someone else survives a login
      await loadMe();
    },
    [loadMe, queryClient],
  );

  useEffect(() => {
    let cancelled = false;
    refreshSession().then(async (refreshed) => {
      if (cancelled) return;
      if (!refreshed) return setStatus("out");
      try {
        await loadMe();
      } catch {
        setStatus("out");
      }
    });
    return () => {
      cancelled = true;
    };
  }, [loadMe]);

  useEffect(
    () =>
      onLoggedOut(() => {
        setMe(null);
        setStatus("out");
        queryClient.clear();
      }),
    [queryClient],
  );

  const value = useMemo<AuthState>(
    () => ({
      status,
      me,
      setMe,
      logIn: async (username: string, password: string) =>
        begin(await ok(api.POST("/api/v1/auth/token", { body: { username, password } }))),
      signUp: async (fields: SignupFields) => {
        const answer = await ok(api.POST("/api/v1/users", { body: fields }));
        // A 202 has no tokens: the account waits for an admin, or for its address to be confirmed.
        if (!("access_token" in answer)) return "email_verification_sent" in answer ? "verify" : "pending";
        await begin(answer);
        return "in";
      },
      logOut: async () => {
        // The refresh token is in the cookie, which the server reads and clears. Offline,
        // the login ends in this tab all the same (the caller's useLoginEnded).
        await api.POST("/api/v1/auth/revoke", { body: {} }).catch(() => undefined);
      },
    }),
    [status, me, begin],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
