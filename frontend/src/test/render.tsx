/**
 * Render a page as the app would: a fresh QueryClient, a MemoryRouter (no basename), and
 * a logged-in person in a fake auth context. The network is mocked at fetch (fetch.ts),
 * so the real API client runs.
 */

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { vi } from "vitest";

import type { Me } from "../api/types";
import { AuthContext, type AuthState } from "../auth/context";
import { makeMe } from "./factories";
import { WhereNow } from "./WhereNow";

type Options = {
  /** The route pattern the page is mounted at, e.g. "/p/:postId". */
  path?: string;
  /** Where the router starts, e.g. "/p/7". */
  at?: string;
  me?: Me;
  queryClient?: QueryClient;
  /** Options for userEvent.setup, e.g. { applyAccept: false }. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
};

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

export function renderPage(page: ReactElement, options: Options = {}) {
  const { path = "/", at = path, me = makeMe(), userOptions } = options;
  const queryClient = options.queryClient ?? testQueryClient();
  const auth: AuthState = {
    status: "in",
    me,
    setMe: vi.fn(),
    logIn: vi.fn(),
    signUp: vi.fn(),
    logOut: vi.fn(),
  };
  const user = userEvent.setup(userOptions);
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthContext.Provider value={auth}>
        <MemoryRouter initialEntries={[at]}>
          <Routes>
            <Route path={path} element={page} />
            {/* Any other address: where the app went, for tests of navigation. */}
            <Route path="*" element={<WhereNow />} />
          </Routes>
        </MemoryRouter>
      </AuthContext.Provider>
    </QueryClientProvider>,
  );
  return { ...result, user, queryClient, auth };
}
