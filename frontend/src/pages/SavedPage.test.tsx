import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makePost } from "../test/factories";
import { json, mockServer } from "../test/fetch";
import { renderPage } from "../test/render";
import { SavedPage } from "./SavedPage";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("SavedPage", () => {
  it("shows the saved posts and loads older ones with the cursor", async () => {
    const server = mockServer({
      "GET /api/v1/me/saved": (_request, url) =>
        url.searchParams.get("before") === "40"
          ? json({ items: [makePost({ id: 2, saved: true })], next_cursor: null })
          : json({ items: [makePost({ id: 1, saved: true })], next_cursor: 40 }),
    });
    const { user } = renderPage(<SavedPage />, { path: "/saved" });

    expect(await screen.findByRole("link", { name: "Photo by @alice" })).toHaveAttribute("href", "/p/1");
    await user.click(screen.getByRole("button", { name: /Load more\s*saved posts/ }));

    expect(await screen.findAllByRole("link", { name: "Photo by @alice" })).toHaveLength(2);
    expect(new URL(server.requestsTo("GET /api/v1/me/saved")[1]!.url).searchParams.get("before")).toBe("40");
    expect(screen.queryByRole("button", { name: /Load more/ })).not.toBeInTheDocument();
  });

  it("says how to save posts when there are none", async () => {
    mockServer({ "GET /api/v1/me/saved": () => json({ items: [], next_cursor: null }) });
    renderPage(<SavedPage />, { path: "/saved" });

    expect(await screen.findByRole("heading", { name: "Save posts for later" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your feed" })).toHaveAttribute("href", "/");
  });
});
