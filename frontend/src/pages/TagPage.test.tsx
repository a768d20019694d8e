import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, refusal } from "../test/fakeServer";
import { makePost } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

describe("TagPage", () => {
  it("shows the tag, its post count and its posts newest first, a page at a time", async () => {
    const server = fakeServer().on("GET", "/api/v1/tags/sunset", (_request, url) =>
      url.searchParams.get("before") === "5"
        ? json({ tag: { name: "sunset", post_count: 3 }, items: [makePost({ id: 3 })], next_cursor: null })
        : json({
            tag: { name: "sunset", post_count: 3 },
            items: [makePost({ id: 9 }), makePost({ id: 5 })],
            next_cursor: 5,
          }),
    );
    const { user } = renderWithApp("/tags/sunset");

    expect(await screen.findByText("3 posts")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "#sunset" })).toBeInTheDocument();
    const links = screen.getAllByRole("link", { name: "Photo by @bob" });
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["/p/9", "/p/5"]);

    await user.click(screen.getByRole("button", { name: /Load more/ }));
    expect(await screen.findAllByRole("link", { name: "Photo by @bob" })).toHaveLength(3);
    expect(new URL(server.sent("GET", "/api/v1/tags/sunset")[1]!.url).searchParams.get("before")).toBe("5");
    expect(document.title).toBe("#sunset · Flaskgram");
  });

  it("asks for a tag with any characters safely in the path", async () => {
    const server = fakeServer().on("GET", "/api/v1/tags/caf%C3%A9", () =>
      json({ tag: { name: "café", post_count: 1 }, items: [makePost({ id: 1 })], next_cursor: null }),
    );
    renderWithApp("/tags/caf%C3%A9");

    expect(await screen.findByText("1 post")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "#café" })).toBeInTheDocument();
    expect(server.sent("GET", "/api/v1/tags/caf%C3%A9")).toHaveLength(1);
  });

  it("shows the not-found page for a tag nobody used", async () => {
    fakeServer().on("GET", "/api/v1/tags/nothing", () => refusal(404, "No such tag."));
    renderWithApp("/tags/nothing");

    expect(await screen.findByRole("heading", { name: "This page isn't here" })).toBeInTheDocument();
    expect(document.title).toBe("Not found · Flaskgram");
  });
});
