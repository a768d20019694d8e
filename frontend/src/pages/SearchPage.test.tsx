import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { SearchPage } from "../api/types";
import { fakeServer, json } from "../test/fakeServer";
import { makePost, makeProfile } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

function answer(overrides: Partial<SearchPage>): SearchPage {
  return { type: "people", people: [], tags: [], posts: [], next_cursor: null, ...overrides };
}

function searchServer() {
  return fakeServer().on("GET", "/api/v1/search", (_request, url) => {
    const type = url.searchParams.get("type");
    if (type === "tags") return json(answer({ type: "tags", tags: [{ name: "sunset", post_count: 12 }] }));
    if (type === "posts") return json(answer({ type: "posts", posts: [makePost({ id: 8 })] }));
    if (url.searchParams.get("cursor") === "ada")
      return json(answer({ people: [makeProfile({ username: "adam", display_name: "" })] }));
    return json(answer({ people: [makeProfile({ username: "ada", display_name: "Ada L." })], next_cursor: "ada" }));
  });
}

describe("SearchPage", () => {
  it("shows only the box for an empty query, and asks nothing", async () => {
    const server = searchServer();
    renderWithApp("/search");

    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("");
    expect(screen.queryByRole("navigation", { name: "What to search" })).not.toBeInTheDocument();
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
    expect(server.sent("GET", "/api/v1/search")).toHaveLength(0);
  });

  it("is reached from the top bar, puts the query in the address, and finds people a page at a time", async () => {
    const server = searchServer().on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }));
    const { user, path } = renderWithApp("/");

    await user.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Search" }));
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "  ad ");
    await user.click(screen.getByRole("button", { name: "Search" }));

    expect(path()).toBe("/search?q=ad&type=people");
    expect(await screen.findByRole("link", { name: "ada" })).toHaveAttribute("href", "/u/ada");
    expect(screen.getByText("Ada L.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "People" })).toHaveAttribute("aria-current", "page");
    const [first] = server.sent("GET", "/api/v1/search");
    expect(Object.fromEntries(new URL(first!.url).searchParams)).toEqual({ q: "ad", type: "people" });

    await user.click(screen.getByRole("button", { name: /Load more\s*people/ }));
    expect(await screen.findByRole("link", { name: "adam" })).toBeInTheDocument();
    expect(new URL(server.sent("GET", "/api/v1/search")[1]!.url).searchParams.get("cursor")).toBe("ada");
  });

  it("finds tags, with their post counts, linking to the tag's page", async () => {
    searchServer();
    renderWithApp("/search?q=sun&type=tags");

    const tag = await screen.findByRole("link", { name: "#sunset" });
    expect(tag).toHaveAttribute("href", "/tags/sunset");
    expect(tag.closest("li")).toHaveTextContent("#sunset 12 posts");
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("sun");
  });

  it("finds posts as a grid, from the Posts tab", async () => {
    const server = searchServer();
    const { user, path } = renderWithApp("/search?q=golden%20hour");

    await user.click(await screen.findByRole("link", { name: "Posts" }));

    expect(await screen.findByRole("link", { name: "Photo by @bob" })).toHaveAttribute("href", "/p/8");
    expect(path()).toBe("/search?q=golden+hour&type=posts");
    expect(new URL(server.sent("GET", "/api/v1/search").at(-1)!.url).searchParams.get("q")).toBe("golden hour");
  });

  it("says when nothing is found", async () => {
    fakeServer().on("GET", "/api/v1/search", () => json(answer({ type: "tags" })));
    renderWithApp("/search?q=zzz&type=tags");

    expect(await screen.findByText("Nothing found for “zzz”.")).toHaveAttribute("role", "status");
  });
});
