/**
 * A stand-in for the Flask server at the network's edge: tests answer `fetch` here, so the
 * real client (openapi-fetch, tokens, ok()/ApiError) runs as it does in the browser.
 */

import { onTestFinished, vi } from "vitest";

type Answer = Response | Promise<Response>;
type Responder = (request: Request, url: URL) => Answer;

export type FakeServer = {
  /** Answer `METHOD /path` (the path without its query); a later answer for it wins. */
  on(method: string, path: string, respond: Responder): FakeServer;
  /** Every request sent, in order. */
  requests: Request[];
  /** The requests sent to `METHOD /path`. */
  sent(method: string, path: string): Request[];
};

export function fakeServer(): FakeServer {
  const routes: { method: string; path: string; respond: Responder }[] = [];
  const requests: Request[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request =
      input instanceof Request
        ? input
        : new Request(new URL(String(input), window.location.origin), init);
    requests.push(request.clone());
    const url = new URL(request.url);
    const route = [...routes]
      .reverse()
      .find((r) => r.method === request.method && r.path === url.pathname);
    if (!route) throw new Error(`The fake server has no answer for ${request.method} ${url.pathname}`);
    return route.respond(request, url);
  });
  onTestFinished(() => spy.mockRestore());

  const server: FakeServer = {
    on(method, path, respond) {
      routes.push({ method, path, respond });
      return server;
    },
    requests,
    sent: (method, path) =>
      requests.filter((r) => r.method === method && new URL(r.url).pathname === path),
  };
  // What every logged-out page asks: an open site without e-mail. A test's own answer wins.
  server
    .on("GET", "/api/v1/site", () => json({ registration_mode: "open" }))
    .on("GET", "/api/v1/auth/password-reset", () => json({ email_reset: false }));
  return server;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** The API's refusal: `{error, message, fields?}`. */
export function refusal(status: number, message: string, fields?: Record<string, string>): Response {
  return json({ error: status === 404 ? "not_found" : "invalid", message, fields }, status);
}

/** An answer the test sends when it chooses, to look at the page while a request is out. */
export function later(): { answer: Promise<Response>; send: (response: Response) => void } {
  let send!: (response: Response) => void;
  const answer = new Promise<Response>((resolve) => {
    send = resolve;
  });
  return { answer, send };
}
