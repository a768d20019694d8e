import { InfiniteQueryObserver } from "@tanstack/react-query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeServer, json, later, refusal } from "../test/fakeServer";
import { makeMe, makePost, makeProfile } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

const bob = makeProfile({
  username: "bob",
  display_name: "Bob Builder",
  bio: "Builds things.\nFixes them too.",
  post_count: 2,
  follower_count: 10,
  following_count: 1,
});

function serverWithBob(
  posts = [makePost({ id: 1 }), makePost({ id: 2 })],
  nextCursor: number | null = null,
) {
  return fakeServer()
    .on("GET", "/api/v1/users/bob", () => json(bob))
    .on("GET", "/api/v1/users/bob/posts", () => json({ items: posts, next_cursor: nextCursor }));
}

describe("ProfilePage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the person, their counts linking to the lists, and their posts as thumbnails", async () => {
    serverWithBob([
      makePost({ id: 1 }),
      makePost({
        id: 2,
        images: [
          {
            url: "/a.jpg",
            thumbnail_url: "/a_640.jpg",
            width: 800,
            height: 800,
            alt_text: "A red kite",
            position: 1,
            original_url: null,
          },
          { url: "/b.jpg", thumbnail_url: "/b_640.jpg", width: 800, height: 800, alt_text: "", position: 2, original_url: null },
        ],
      }),
    ]);
    renderWithApp("/u/bob");

    expect(await screen.findByRole("heading", { level: 1, name: "bob" })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Bob Builder (@bob) · Flaskgram"));
    expect(screen.getByText("Bob Builder")).toBeInTheDocument();
    expect(screen.getByText(/Builds things\.\s+Fixes them too\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "10 followers" })).toHaveAttribute(
      "href",
      "/u/bob/followers",
    );
    expect(screen.getByRole("link", { name: "1 following" })).toHaveAttribute(
      "href",
      "/u/bob/following",
    );
    expect(screen.queryByRole("link", { name: "Edit profile" })).not.toBeInTheDocument();

    const first = await screen.findByRole("img", { name: "Photo by @bob" });
    expect(first).toHaveAttribute("src", "/api/v1/images/p1_640.jpg");
    expect(first).toHaveAttribute("loading", "lazy");
    expect(first).toHaveAttribute("width", "1080");
    expect(first).toHaveAttribute("height", "1350");
    expect(first.closest("a")).toHaveAttribute("href", "/p/1");
    const several = screen.getByRole("link", { name: "A red kite, 2 photos" });
    expect(several).toHaveAttribute("href", "/p/2");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("follows at once, and undoes it with a message when the server refuses", async () => {
    const answer = later();
    const server = serverWithBob().on("PUT", "/api/v1/users/bob/follow", () => answer.answer);
    const { user } = renderWithApp("/u/bob");

    await user.click(await screen.findByRole("button", { name: /^Follow\s*bob$/ }));

    // Before the server answers.
    expect(screen.getByRole("button", { name: /^Following\s*bob; unfollow$/ })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "11 followers" })).toBeInTheDocument();
    expect(server.sent("PUT", "/api/v1/users/bob/follow")).toHaveLength(1);

    await act(async () => answer.send(refusal(429, "Too many follows. Try again in a minute.")));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn't follow bob. Too many follows. Try again in a minute.",
    );
    expect(screen.getByRole("button", { name: /^Follow\s*bob$/ })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "10 followers" })).toBeInTheDocument();
  });

  it("unfollows at once and keeps the server's counts when it agrees", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/users/bob", () => json({ ...bob, followed_by_me: true }))
      .on("GET", "/api/v1/users/bob/posts", () => json({ items: [], next_cursor: null }))
      .on("DELETE", "/api/v1/users/bob/follow", () =>
        json({ ...bob, followed_by_me: false, follower_count: 4 }),
      );
    const { user } = renderWithApp("/u/bob");

    await user.click(await screen.findByRole("button", { name: /^Following\s*bob; unfollow$/ }));

    expect(await screen.findByRole("link", { name: "4 followers" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Follow\s*bob$/ })).toBeInTheDocument();
    expect(server.sent("DELETE", "/api/v1/users/bob/follow")).toHaveLength(1);
  });

  it("has the Following feed read again once the server has the follow", async () => {
    serverWithBob().on("PUT", "/api/v1/users/bob/follow", () =>
      json({ ...bob, followed_by_me: true, follower_count: 11 }),
    );
    const { user, queryClient } = renderWithApp("/u/bob");
    // The Following feed, loaded and still shown (someone who went there straight after Follow).
    const loads = vi.fn(async () => ({ items: [], next_cursor: null }));
    const feed = new InfiniteQueryObserver(queryClient, {
      queryKey: ["posts", "feed", "following"],
      queryFn: loads,
      initialPageParam: undefined,
      getNextPageParam: () => undefined,
      staleTime: Infinity,
    });
    const stopShowing = feed.subscribe(() => {});
    await waitFor(() => expect(loads).toHaveBeenCalledTimes(1));

    await user.click(await screen.findByRole("button", { name: /^Follow\s*bob$/ }));

    await waitFor(() => expect(loads).toHaveBeenCalledTimes(2));
    stopShowing();
  });

  it("offers Edit profile and a first post on your own empty profile", async () => {
    const me = makeMe({ username: "alice" });
    fakeServer()
      .on("GET", "/api/v1/users/alice", () => json(makeProfile({ username: "alice" })))
      .on("GET", "/api/v1/users/alice/posts", () => json({ items: [], next_cursor: null }));
    renderWithApp("/u/alice", { me });

    expect(await screen.findByRole("heading", { name: "No posts yet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Edit profile" })).toHaveAttribute(
      "href",
      "/settings/profile",
    );
    const main = within(screen.getByRole("main"));
    expect(main.getByRole("link", { name: "New post" })).toHaveAttribute("href", "/posts/new");
    expect(screen.queryByRole("button", { name: /follow/i })).not.toBeInTheDocument();
  });

  it("says someone else's empty profile has no posts, without a New post button", async () => {
    serverWithBob([]);
    renderWithApp("/u/bob");

    expect(await screen.findByText("bob hasn't shared anything yet.")).toBeInTheDocument();
    expect(
      within(screen.getByRole("main")).queryByRole("link", { name: "New post" }),
    ).not.toBeInTheDocument();
  });

  it("says so when nobody has that username", async () => {
    fakeServer()
      .on("GET", "/api/v1/users/ghost", () => refusal(404, "There is nobody with that username."))
      .on("GET", "/api/v1/users/ghost/posts", () => refusal(404, "There is nobody with that username."));
    renderWithApp("/u/ghost");

    expect(
      await screen.findByRole("heading", { level: 1, name: "This person isn't here" }),
    ).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Not found · Flaskgram"));
  });

  it("loads older posts with the cursor, from the button", async () => {
    const server = serverWithBob([makePost({ id: 9 })], 9).on(
      "GET",
      "/api/v1/users/bob/posts",
      (_, url) =>
        url.searchParams.get("before") === "9"
          ? json({ items: [makePost({ id: 3 })], next_cursor: null })
          : json({ items: [makePost({ id: 9 })], next_cursor: 9 }),
    );
    const { user } = renderWithApp("/u/bob");

    await user.click(await screen.findByRole("button", { name: /^Load more\s*posts$/ }));

    expect(await screen.findAllByRole("img", { name: "Photo by @bob" })).toHaveLength(2);
    expect(screen.queryByRole("button", { name: /^Load more\s*posts$/ })).not.toBeInTheDocument();
    const pages = server.sent("GET", "/api/v1/users/bob/posts").map((r) => new URL(r.url).search);
    expect(pages).toEqual(["", "?before=9"]);
  });

  it("loads older posts on its own when the end of the grid scrolls into view", async () => {
    const seen = watchIntersections();
    serverWithBob().on("GET", "/api/v1/users/bob/posts", (_, url) =>
      url.searchParams.get("before") === "9"
        ? json({ items: [makePost({ id: 3 })], next_cursor: null })
        : json({ items: [makePost({ id: 9 })], next_cursor: 9 }),
    );
    renderWithApp("/u/bob");
    await screen.findByRole("button", { name: /^Load more\s*posts$/ });

    act(() => seen.scrollIntoView());

    await waitFor(() => expect(screen.getAllByRole("img", { name: "Photo by @bob" })).toHaveLength(2));
  });
});

// Accessible names here allow for jsdom's: it drops the space before a visually hidden
// part ("Follow<span> bob</span>" is "Followbob" to it, "Follow bob" to a browser).

/** A stand-in IntersectionObserver (jsdom has none) that the test scrolls by hand. */
function watchIntersections() {
  const observers = new Set<{ callback: IntersectionObserverCallback; targets: Element[] }>();
  class FakeObserver {
    private entry: { callback: IntersectionObserverCallback; targets: Element[] };
    constructor(callback: IntersectionObserverCallback) {
      this.entry = { callback, targets: [] };
      observers.add(this.entry);
    }
    observe(target: Element) {
      this.entry.targets.push(target);
    }
    disconnect() {
      observers.delete(this.entry);
    }
  }
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  return {
    scrollIntoView() {
      for (const { callback, targets } of [...observers]) {
        const entries = targets.map((target) => ({ target, isIntersecting: true }));
        callback(entries as unknown as IntersectionObserverEntry[], {} as IntersectionObserver);
      }
    },
  };
}
