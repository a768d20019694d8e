/**
 * Render the app at an address, as someone logged in (a fake auth context) or through the
 * real AuthProvider, with a fresh query cache. The network is the test's fakeServer().
 */

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, type Location } from "react-router-dom";
import { vi } from "vitest";

import type { Me } from "../api/types";
import { AppRoutes } from "../App";
import { AuthProvider } from "../auth/AuthProvider";
import type { AuthState } from "../auth/context";
import { FakeAuth, WhereAmI } from "./FakeAuth";
import { makeMe } from "./people";

type Options = {
  /** Who is logged in; null for nobody. Ignored with realAuth. */
  me?: Me | null;
  /** The app's own AuthProvider, which starts by trying the refresh cookie. */
  realAuth?: boolean;
  /** Options for userEvent, such as { applyAccept: false }. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
};

export function renderWithApp(
  at: string,
  { me = makeMe(), realAuth = false, userOptions }: Options = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const auth = {
    setMe: vi.fn<(me: Me) => void>(),
    logIn: vi.fn<AuthState["logIn"]>(async () => {}),
    signUp: vi.fn<AuthState["signUp"]>(async () => "in"),
    logOut: vi.fn<AuthState["logOut"]>(async () => {}),
  };
  const where: { location: Location | null } = { location: null };
  const app = realAuth ? (
    <AuthProvider>
      <AppRoutes />
    </AuthProvider>
  ) : (
    <FakeAuth initialMe={me} spies={auth}>
      <AppRoutes />
    </FakeAuth>
  );
  const user = userEvent.setup(userOptions);
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[at]}>
        {app}
        <WhereAmI report={(location) => (where.location = location)} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return {
    ...view,
    user,
    auth,
    queryClient,
    /** Where the app is now: pathname + search. */
    path: () => (where.location ? where.location.pathname + where.location.search : ""),
    location: () => where.location,
  };
}
