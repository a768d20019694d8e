import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json } from "../test/fakeServer";
import { makePost } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

describe("ExplorePage", () => {
  it("is linked in the top bar and shows popular posts as a grid, a page at a time", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }))
      .on("GET", "/api/v1/explore", (_request, url) =>
        url.searchParams.has("cursor")
          ? json({ items: [makePost({ id: 1 })], next_cursor: null })
          : json({ items: [makePost({ id: 7, like_count: 12 }), makePost({ id: 4 })], next_cursor: "12.4" }),
      );
    const { user, path } = renderWithApp("/");

    await user.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Explore" }));

    expect(path()).toBe("/explore");
    expect(await screen.findByRole("heading", { level: 1, name: "Explore" })).toBeInTheDocument();
    const grid = screen.getByRole("list");
    expect(within(grid).getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["/p/7", "/p/4"]);
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Explore" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    await user.click(screen.getByRole("button", { name: /Load more/ }));
    expect(await screen.findAllByRole("link", { name: "Photo by @bob" })).toHaveLength(3);
    expect(new URL(server.sent("GET", "/api/v1/explore")[1]!.url).searchParams.get("cursor")).toBe("12.4");
  });

  it("says what Explore is when there is nothing in it", async () => {
    fakeServer().on("GET", "/api/v1/explore", () => json({ items: [], next_cursor: null }));
    renderWithApp("/explore");

    expect(await screen.findByText("Nothing new to explore right now. Come back later.")).toBeInTheDocument();
  });
});
