import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { makePost } from "../test/factories";
import { json, later, mockServer, problem } from "../test/fetch";
import { renderPage } from "../test/render";
import { FeedPage } from "./FeedPage";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** "3 likes", as the card shows it. */
function likesOf(card: Element): string | null | undefined {
  return card.querySelector(".likes")?.textContent;
}

function renderFeed(tab: "all" | "following" = "all") {
  const path = tab === "all" ? "/" : "/following";
  return renderPage(<FeedPage tab={tab} />, { path });
}

describe("FeedPage", () => {
  it("shows the first page of posts as cards", async () => {
    const liked = makePost({ id: 2, caption: "Sunset\nat the lake", like_count: 1, liked: true, comment_count: 3 });
    const described = makePost({
      id: 1,
      like_count: 5,
      images: [{ url: "/api/v1/images/b.jpg", thumbnail_url: "", width: 800, height: 600, alt_text: "A red kite", position: 1, original_url: null }],
    });
    mockServer({ "GET /api/v1/feed": () => json({ items: [liked, described], next_cursor: null }) });

    renderFeed();

    expect(screen.getByRole("status")).toHaveTextContent("Loading posts");
    const first = (await screen.findByText(/Sunset/)).closest("article")!;
    expect(screen.getByRole("heading", { level: 1, name: "Feed" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Feed" })).toHaveAttribute("aria-current", "page");

    const image = within(first).getByRole("img", { name: "Photo by @alice" });
    expect(image).toHaveAttribute("loading", "lazy");
    expect(image).toHaveAttribute("decoding", "async");
    expect(image).toHaveAttribute("width", "1080");
    expect(image).toHaveAttribute("height", "810");
    expect(likesOf(first)).toBe("1 like");
    expect(within(first).getByRole("button", { name: "Like" })).toHaveAttribute("aria-pressed", "true");
    expect(within(first).getByRole("link", { name: "View all 3 comments" })).toHaveAttribute("href", "/p/2#comments");
    expect(within(first).getByLabelText("Add a comment")).toBeInTheDocument();

    const second = screen.getByRole("img", { name: "A red kite" }).closest("article")!;
    expect(likesOf(second)).toBe("5 likes");
    expect(within(second).getByRole("button", { name: "Like" })).toHaveAttribute("aria-pressed", "false");

    expect(screen.getByRole("heading", { name: "That's everything" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Older posts" })).not.toBeInTheDocument();
  });

  it("asks for the next page with the cursor when Older posts is pressed", async () => {
    const server = mockServer({
      "GET /api/v1/feed": (_request, url) =>
        url.searchParams.get("before") === "41"
          ? json({ items: [makePost({ id: 40, caption: "Older one" })], next_cursor: null })
          : json({ items: [makePost({ id: 42, caption: "Newest one" })], next_cursor: 41 }),
    });
    const { user } = renderFeed();

    await screen.findByText("Newest one");
    expect(screen.queryByRole("heading", { name: "That's everything" })).not.toBeInTheDocument();
    const older = screen.getByRole("button", { name: "Older posts" });
    await user.click(older);

    expect(await screen.findByText("Older one")).toBeInTheDocument();
    const asked = server.requestsTo("GET /api/v1/feed").map((request) => new URL(request.url).search);
    expect(asked).toEqual(["", "?before=41"]);
    expect(screen.getByText("Newest one")).toBeInTheDocument(); // the first page stays
    expect(screen.getByRole("heading", { name: "That's everything" })).toBeInTheDocument();
    // Focus goes to the first of the new posts, not back to the top.
    await waitFor(() => expect(screen.getByText("Older one").closest("article")).toContainElement(document.activeElement as HTMLElement));
  });

  it("loads the next page when the end of the list nears the screen", async () => {
    const observers: { callback: IntersectionObserverCallback; target?: Element }[] = [];
    vi.stubGlobal(
      "IntersectionObserver",
      class {
        entry: (typeof observers)[number];
        constructor(callback: IntersectionObserverCallback) {
          this.entry = { callback };
          observers.push(this.entry);
        }
        observe(target: Element) {
          this.entry.target = target;
        }
        disconnect() {}
      },
    );
    const server = mockServer({
      "GET /api/v1/feed/following": (_request, url) =>
        url.searchParams.get("before")
          ? json({ items: [makePost({ id: 7, caption: "From the second page" })], next_cursor: null })
          : json({ items: [makePost({ id: 9, caption: "From the first page" })], next_cursor: 8 }),
    });
    renderFeed("following");

    await screen.findByText("From the first page");
    await waitFor(() => expect(observers.some((o) => o.target)).toBe(true));
    const watching = observers.filter((o) => o.target).at(-1)!;
    watching.callback([{ isIntersecting: true, target: watching.target! } as IntersectionObserverEntry], {} as IntersectionObserver);

    expect(await screen.findByText("From the second page")).toBeInTheDocument();
    const asked = server.requestsTo("GET /api/v1/feed/following").map((r) => new URL(r.url).searchParams.get("before"));
    expect(asked).toEqual([null, "8"]);
  });

  it("says how to fill an empty Following feed", async () => {
    mockServer({ "GET /api/v1/feed/following": () => json({ items: [], next_cursor: null }) });
    renderFeed("following");

    expect(await screen.findByRole("heading", { name: "Nothing here yet" })).toBeInTheDocument();
    expect(screen.getByText(/Posts from people you follow show up here/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "main feed" })).toHaveAttribute("href", "/");
    expect(screen.getByRole("link", { name: "New post" })).toHaveAttribute("href", "/posts/new");
    expect(screen.getByRole("link", { name: "Following" })).toHaveAttribute("aria-current", "page");
  });

  it("invites the first post on an empty feed", async () => {
    mockServer({ "GET /api/v1/feed": () => json({ items: [], next_cursor: null }) });
    renderFeed();
    expect(await screen.findByRole("heading", { name: "No posts yet" })).toBeInTheDocument();
    expect(screen.getByText("Be the first to share a photo.")).toBeInTheDocument();
  });

  it("offers to try again when the feed can't load", async () => {
    let calls = 0;
    mockServer({
      "GET /api/v1/feed": () =>
        ++calls === 1 ? problem(503, "The database is down.") : json({ items: [makePost({ caption: "Back" })], next_cursor: null }),
    });
    const { user } = renderFeed();

    expect(await screen.findByText("The database is down.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Back")).toBeInTheDocument();
  });
});

describe("liking from the feed", () => {
  it.each([
    [403, "You can't like this post."],
    [429, "Too many likes. Try again in a minute."],
    [500, "Something broke on our side."],
  ])("shows the like at once and takes it back when the server answers %i", async (status, message) => {
    const answer = later<Response>();
    mockServer({
      "GET /api/v1/feed": () => json({ items: [makePost({ id: 5, like_count: 3 })], next_cursor: null }),
      "PUT /api/v1/posts/5/like": () => answer.promise,
    });
    const { user } = renderFeed();
    const like = await screen.findByRole("button", { name: "Like" });
    const card = like.closest("article")!;

    await user.click(like);

    // At once, before the server has answered.
    expect(like).toHaveAttribute("aria-pressed", "true");
    expect(likesOf(card)).toBe("4 likes");

    answer.resolve(problem(status, message));

    const alert = await within(card).findByRole("alert");
    expect(alert).toHaveTextContent("Couldn't like this post.");
    expect(alert).toHaveTextContent(message);
    expect(like).toHaveAttribute("aria-pressed", "false");
    expect(likesOf(card)).toBe("3 likes");
  });

  it("keeps the server's count after a like", async () => {
    mockServer({
      "GET /api/v1/feed": () => json({ items: [makePost({ id: 5, like_count: 3 })], next_cursor: null }),
      "PUT /api/v1/posts/5/like": () => json(makePost({ id: 5, like_count: 10, liked: true })),
    });
    const { user } = renderFeed();
    const like = await screen.findByRole("button", { name: "Like" });

    await user.click(like);

    await waitFor(() => expect(likesOf(like.closest("article")!)).toBe("10 likes"));
    expect(like).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("unlikes with DELETE and rolls back if the network fails", async () => {
    const server = mockServer({
      "GET /api/v1/feed": () => json({ items: [makePost({ id: 6, like_count: 1, liked: true })], next_cursor: null }),
      "DELETE /api/v1/posts/6/like": () => Promise.reject(new TypeError("Failed to fetch")),
    });
    const { user } = renderFeed();
    const like = await screen.findByRole("button", { name: "Like" });

    await user.click(like);

    expect(await screen.findByRole("alert")).toHaveTextContent("Couldn't remove your like. Can't reach Flaskgram.");
    expect(like).toHaveAttribute("aria-pressed", "true");
    expect(likesOf(like.closest("article")!)).toBe("1 like");
    expect(server.requestsTo("DELETE /api/v1/posts/6/like")).toHaveLength(1);
  });
});
