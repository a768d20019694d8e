import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json } from "../test/fakeServer";
import { makeComment, makePost } from "../test/factories";
import { renderWithApp } from "../test/renderWithApp";

const attack = '<img src=x onerror=alert(1)>';

describe("A post's caption and comments", () => {
  it("link @names and #tags, and keep anything else as text", async () => {
    const post = makePost({
      id: 5,
      caption: `Golden hour with @Ada_L. and @ghost #Sunset ${attack}`,
      mentions: ["ada_l"], // the server's word: @ghost is nobody here
      comment_count: 1,
    });
    fakeServer()
      .on("GET", "/api/v1/posts/5", () => json(post))
      .on("GET", "/api/v1/posts/5/comments", () =>
        json({
          items: [
            makeComment({
              post_id: 5,
              body: `@alice look #sunset</a><script>alert(1)</script>`,
              mentions: ["alice"],
            }),
          ],
          next_cursor: null,
        }),
      );
    const { user, path } = renderWithApp("/p/5");

    const caption = (await screen.findByText("Golden hour with", { exact: false })).closest("p")!;
    expect(within(caption).getByRole("link", { name: "@Ada_L" })).toHaveAttribute("href", "/u/ada_l");
    expect(within(caption).queryByRole("link", { name: "@ghost" })).toBeNull();
    expect(within(caption).getByRole("link", { name: "#Sunset" })).toHaveAttribute("href", "/tags/sunset");
    expect(caption).toHaveTextContent(`alice Golden hour with @Ada_L. and @ghost #Sunset ${attack}`);

    const comment = (await screen.findByText("look", { exact: false })).closest("p")!;
    expect(within(comment).getByRole("link", { name: "@alice" })).toHaveAttribute("href", "/u/alice");
    expect(within(comment).getByRole("link", { name: "#sunset" })).toHaveAttribute("href", "/tags/sunset");
    expect(comment).toHaveTextContent("</a><script>alert(1)</script>");
    expect(document.querySelector("main script, main img[src='x']")).toBeNull();

    fakeServer().on("GET", "/api/v1/tags/sunset", () =>
      json({ tag: { name: "sunset", post_count: 1 }, items: [post], next_cursor: null }),
    );
    await user.click(within(caption).getByRole("link", { name: "#Sunset" }));
    expect(path()).toBe("/tags/sunset");
    expect(await screen.findByRole("heading", { level: 1, name: "#sunset" })).toBeInTheDocument();
  });
});
