import { startTransition, useCallback } from "react";
import { useNavigate } from "react-router-dom";

import { endSession } from "../api/session";
import type { FlashState } from "../components/Flash";

/**
 * After the server ended this login (logging out, logging out everywhere, deleting the
 * account): forget it here too and go to the login page, with a message saying what happened.
 */
export function useLoginEnded(): (message: string) => void {
  const navigate = useNavigate();
  return useCallback(
    (message: string) => {
      const state: FlashState = { flash: message };
      navigate("/login", { replace: true, state });
      // The router moves inside a transition. Ending the session in the same one shows the
      // login page at once; ended outside it, this page would render logged out first and
      // RequireLogin's redirect (to /login?next=…) would replace this one and its message.
      startTransition(endSession);
    },
    [navigate],
  );
}
