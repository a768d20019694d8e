/**
 * A fake server at `fetch`: answers by "METHOD /path", and keeps every request so a
 * test can check what was asked (query string, body). Unknown routes answer 404.
 */

import { vi } from "vitest";

export type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** The API's error body. */
export function problem(status: number, message: string, fields?: Record<string, string>): Response {
  return json({ error: "refused", message, ...(fields ? { fields } : {}) }, status);
}

/** A promise to answer later, to see the page while a request is on its way. */
export function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export function mockServer(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    const url = new URL(request.url);
    const handler = routes[`${request.method} ${url.pathname}`];
    if (!handler) return problem(404, `No fake answer for ${request.method} ${url.pathname}`);
    return handler(request, url);
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetchMock,
    /** The requests made to "METHOD /path", in order. */
    requestsTo(route: string): Request[] {
      return requests.filter((request) => `${request.method} ${new URL(request.url).pathname}` === route);
    },
  };
}
