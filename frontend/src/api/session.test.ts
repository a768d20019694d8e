import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  authorizedFetch,
  currentAccessToken,
  endSession,
  onLoggedOut,
  refreshSession,
  startSession,
} from "./session";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  vi.stubGlobal("fetch", fetchMock);
  startSession("old-access");
});

afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

function sentAuthorization(call: number): string | null {
  const request = fetchMock.mock.calls[call]![0] as Request;
  return request.headers.get("Authorization");
}

describe("authorizedFetch", () => {
  it("sends the access token from memory", async () => {
    fetchMock.mockResolvedValueOnce(json(200, {}));
    await authorizedFetch(new Request("http://localhost/api/v1/feed"));
    expect(sentAuthorization(0)).toBe("Bearer old-access");
  });

  it("refreshes once on a 401 and tries again with the new token", async () => {
    fetchMock
      .mockResolvedValueOnce(json(401, { error: "unauthorized" }))
      .mockResolvedValueOnce(json(200, { access_token: "new-access", token_type: "Bearer" }))
      .mockResolvedValueOnce(json(200, { items: [] }));

    const answer = await authorizedFetch(
      new Request("http://localhost/api/v1/posts/1/comments", { method: "POST", body: '{"body":"hi"}' }),
    );

    expect(answer.status).toBe(200);
    const [refreshUrl, refreshInit] = fetchMock.mock.calls[1]!;
    expect(refreshUrl).toBe("/api/v1/auth/refresh");
    // The refresh cookie is only honoured with the app's own header.
    expect(refreshInit?.headers).toEqual({ "X-Flaskgram-Client": "web" });
    expect(sentAuthorization(2)).toBe("Bearer new-access");
    const retried = fetchMock.mock.calls[2]![0] as Request;
    expect(await retried.text()).toBe('{"body":"hi"}'); // the body survives the retry
    expect(currentAccessToken()).toBe("new-access");
  });

  it("ends the session when the refresh is refused too, without trying again", async () => {
    const loggedOut = vi.fn();
    const stopListening = onLoggedOut(loggedOut);
    fetchMock
      .mockResolvedValueOnce(json(401, { error: "unauthorized" }))
      .mockResolvedValueOnce(json(401, { error: "unauthorized" }));

    const answer = await authorizedFetch(new Request("http://localhost/api/v1/feed"));

    expect(answer.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(loggedOut).toHaveBeenCalledOnce();
    expect(currentAccessToken()).toBeNull();
    stopListening();
  });

  it("passes a wrong password's 401 straight back (no refresh)", async () => {
    fetchMock.mockResolvedValueOnce(json(401, { error: "wrong_password" }));
    const answer = await authorizedFetch(
      new Request("http://localhost/api/v1/auth/token", { method: "POST", body: "{}" }),
    );
    expect(answer.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe("refreshSession", () => {
  it("shares one refresh among requests that fail together", async () => {
    let answer!: (response: Response) => void;
    fetchMock.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));

    const first = refreshSession();
    const second = refreshSession();
    answer(json(200, { access_token: "shared" }));

    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("keeps no token in storage a script could read", async () => {
    fetchMock.mockResolvedValueOnce(json(200, { access_token: "secret-access" }));
    await refreshSession();
    expect(JSON.stringify({ ...localStorage })).not.toContain("secret-access");
    expect(JSON.stringify({ ...sessionStorage })).not.toContain("secret-access");
    expect(document.cookie).not.toContain("secret-access");
  });

  it("forgets the token when the session ends", () => {
    endSession();
    expect(currentAccessToken()).toBeNull();
  });
});
