import { act, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, later, refusal } from "../test/fakeServer";
import { makeProfile } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

const carol = makeProfile({ username: "carol", display_name: "Carol", follower_count: 3 });
const dave = makeProfile({ username: "dave", display_name: "", followed_by_me: true });
const alice = makeProfile({ username: "alice", display_name: "Alice" }); // the one logged in

describe("PeoplePage", () => {
  it("lists followers with a follow button for everyone but you", async () => {
    fakeServer().on("GET", "/api/v1/users/bob/followers", () =>
      json({ items: [carol, dave, alice], next_cursor: null }),
    );
    renderWithApp("/u/bob/followers");

    const rows = within(await screen.findByRole("list")).getAllByRole("listitem");
    expect(screen.getByRole("heading", { level: 1, name: "People following bob" })).toBeInTheDocument();
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole("link", { name: "carol" })).toHaveAttribute("href", "/u/carol");
    expect(within(rows[0]!).getByText("Carol")).toBeInTheDocument();
    expect(within(rows[0]!).getByRole("button", { name: /^Follow\s*carol$/ })).toBeInTheDocument();
    expect(
      within(rows[1]!).getByRole("button", { name: /^Following\s*dave; unfollow$/ }),
    ).toBeInTheDocument();
    expect(within(rows[2]!).queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "← bob" })).toHaveAttribute("href", "/u/bob");
  });

  it("follows from the list at once and undoes it if the server refuses", async () => {
    const answer = later();
    fakeServer()
      .on("GET", "/api/v1/users/bob/following", () => json({ items: [carol], next_cursor: null }))
      .on("PUT", "/api/v1/users/carol/follow", () => answer.answer);
    const { user } = renderWithApp("/u/bob/following");

    await user.click(await screen.findByRole("button", { name: /^Follow\s*carol$/ }));
    expect(screen.getByRole("button", { name: /^Following\s*carol; unfollow$/ })).toBeInTheDocument();

    await act(async () => answer.send(refusal(500, "Something broke on our side.")));

    expect(await screen.findByRole("alert")).toHaveTextContent("Couldn't follow carol.");
    expect(screen.getByRole("button", { name: /^Follow\s*carol$/ })).toBeInTheDocument();
  });

  it("pages on with the cursor the server gave", async () => {
    const server = fakeServer().on("GET", "/api/v1/users/bob/following", (_, url) =>
      url.searchParams.get("after") === "carol"
        ? json({ items: [dave], next_cursor: null })
        : json({ items: [carol], next_cursor: "carol" }),
    );
    const { user } = renderWithApp("/u/bob/following");

    await user.click(await screen.findByRole("button", { name: /^Load more\s*people$/ }));

    expect(await screen.findByRole("link", { name: "dave" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "carol" })).toBeInTheDocument();
    const pages = server.sent("GET", "/api/v1/users/bob/following").map((r) => new URL(r.url).search);
    expect(pages).toEqual(["", "?after=carol"]);
  });

  it.each([
    ["/u/bob/followers", "Nobody follows bob yet."],
    ["/u/bob/following", "bob doesn't follow anyone yet."],
    ["/u/alice/followers", "Nobody follows you yet."],
    ["/u/alice/following", "You don't follow anyone yet."],
  ])("says who is missing from an empty list at %s", async (at, sentence) => {
    const path = `/api/v1/users${at.slice(2)}`;
    fakeServer().on("GET", path, () => json({ items: [], next_cursor: null }));
    renderWithApp(at);

    expect(await screen.findByText(sentence)).toBeInTheDocument();
  });

  it("says so when nobody has that username", async () => {
    fakeServer().on("GET", "/api/v1/users/ghost/followers", () =>
      refusal(404, "There is nobody with that username."),
    );
    renderWithApp("/u/ghost/followers");

    expect(
      await screen.findByRole("heading", { level: 1, name: "This person isn't here" }),
    ).toBeInTheDocument();
  });
});
