/**
 * The login, as the browser app holds it.
 *
 * The access token lives in this module's memory only: a reload forgets it. The refresh
 * token lives in an HttpOnly cookie the server sets (scoped to /api/v1/auth, SameSite=Strict)
 * that no script can read; the server only honours it on requests carrying CLIENT_HEADER,
 * which a cross-site form can't send. So a reload logs back in with one refresh, and nothing
 * readable by script holds a long-lived token.
 */

export const CLIENT_HEADER = { "X-Flaskgram-Client": "web" } as const;

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const loggedOutListeners = new Set<() => void>();

export function currentAccessToken(): string | null {
  return accessToken;
}

/** Keep the access token of a login, signup or refresh answer. */
export function startSession(token: string): void {
  accessToken = token;
}

/** Forget the access token and tell whoever listens (the app sends the person to login). */
export function endSession(): void {
  accessToken = null;
  for (const listener of loggedOutListeners) listener();
}

export function onLoggedOut(listener: () => void): () => void {
  loggedOutListeners.add(listener);
  return () => loggedOutListeners.delete(listener);
}

/**
 * Trade the refresh cookie for a new access token. Requests that fail together share one
 * refresh: each refresh token works once, so two at a time would end the login.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= oneTabAtATime(tradeRefreshCookie).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Two tabs refreshing with the same cookie would look to the server like a stolen refresh
 * token, and end the login: tabs take turns (the second then sends the new cookie).
 */
function oneTabAtATime(task: () => Promise<boolean>): Promise<boolean> {
  if (typeof navigator === "undefined" || !navigator.locks) return task();
  // The lock's promise settles with the task's own (typed as a promise of one).
  return navigator.locks.request("flaskgram-refresh", task).then((refreshed) => refreshed);
}

async function tradeRefreshCookie(): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch("/api/v1/auth/refresh", {
      method: "POST",
      headers: CLIENT_HEADER,
      credentials: "same-origin",
    });
  } catch {
    return false; // offline: the login may still be good, but we can't tell
  }
  if (!response.ok) {
    accessToken = null;
    return false;
  }
  const body = (await response.json()) as { access_token: string };
  accessToken = body.access_token;
  return true;
}

/**
 * fetch with the access token. On a 401 it refreshes once and tries again; if that fails
 * too the session ends, and the 401 answer goes back to the caller.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  const retry = request.clone(); // a body can be read once: keep a copy for the second try
  const response = await fetch(withToken(request));
  if (response.status !== 401 || isAuthRequest(request)) return response;
  if (await refreshSession()) return fetch(withToken(retry));
  endSession();
  return response;
}

function withToken(request: Request): Request {
  if (accessToken === null) return request;
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${accessToken}`);
  return new Request(request, { headers });
}

/** Login, signup and refresh answer 401 for a wrong password, not for an expired token. */
function isAuthRequest(request: Request): boolean {
  const path = new URL(request.url, window.location.origin).pathname;
  return path.startsWith("/api/v1/auth/") || (path === "/api/v1/users" && request.method === "POST");
}
