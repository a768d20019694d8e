/** What anyone may ask about the site before logging in: how sign-ups work, how to recover a password. */

import { useQuery } from "@tanstack/react-query";

import { api, ok } from "./client";

export const siteKey = ["site"] as const;

/** The registration mode (open, invitation, approval, closed), for the signup page and the top bar. */
export function useSite() {
  return useQuery({
    queryKey: siteKey,
    queryFn: () => ok(api.GET("/api/v1/site")),
    staleTime: 5 * 60_000,
  });
}

/** Whether the site can e-mail a reset link (only with SMTP settings). */
export function useResetOptions() {
  return useQuery({
    queryKey: ["password-reset-options"],
    queryFn: () => ok(api.GET("/api/v1/auth/password-reset")),
    staleTime: 5 * 60_000,
  });
}

/** Who sent an invitation link and until when it works; a 404 or 410 says it doesn't. */
export function useInvitation(token: string | null) {
  return useQuery({
    queryKey: ["invitation", token],
    queryFn: () => ok(api.GET("/api/v1/invitations/{token}", { params: { path: { token: token! } } })),
    enabled: token !== null,
  });
}
