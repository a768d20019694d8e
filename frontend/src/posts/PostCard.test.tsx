import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Post } from "../api/types";
import { makeComment, makePost } from "../test/factories";
import { json, later, mockServer, noContent, problem } from "../test/fetch";
import { renderPage, testQueryClient } from "../test/render";
import { postKeys } from "./cache";
import { PostCard } from "./PostCard";
import { usePost } from "./queries";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A card reading its post from the cache, as the pages do. */
function CachedCard({ id }: { id: number }) {
  const post = usePost(id);
  return post.data ? <PostCard post={post.data} /> : null;
}

function renderCard(post: Post) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(postKeys.post(post.id), post);
  return renderPage(<CachedCard id={post.id} />, { queryClient });
}

describe("PostCard in a feed", () => {
  it("links its time and photo to the post, and its comment icon to the comments", () => {
    mockServer({});
    renderCard(makePost({ id: 3, comment_count: 1 }));

    const article = screen.getByRole("article");
    expect(within(article).getByRole("link", { name: "Photo by @alice" })).toHaveAttribute("href", "/p/3");
    expect(within(article).getByRole("link", { name: "1 hour ago" })).toHaveAttribute("href", "/p/3");
    expect(within(article).getByRole("link", { name: "Comment" })).toHaveAttribute("href", "/p/3#comments");
    expect(within(article).getByRole("link", { name: "View 1 comment" })).toHaveAttribute("href", "/p/3#comments");
    const authorLinks = within(article).getAllByRole("link", { name: "alice" }); // header and caption
    expect(authorLinks.map((link) => link.getAttribute("href"))).toEqual(["/u/alice", "/u/alice"]);
  });

  it("shows a comment added here under the card, and counts it", async () => {
    const answer = later<Response>();
    mockServer({ "POST /api/v1/posts/3/comments": () => answer.promise });
    const { user } = renderCard(makePost({ id: 3, comment_count: 2 }));

    await user.type(screen.getByRole("textbox", { name: "Add a comment" }), "Nice{Enter}");

    const list = screen.getByRole("list");
    expect(within(list).getByText("Nice")).toBeInTheDocument();
    expect(within(list).getByText("Posting…")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View all 3 comments" })).toBeInTheDocument();

    answer.resolve(json(makeComment({ id: 50, post_id: 3, body: "Nice", can_delete: true }), 201));
    expect(await within(list).findByRole("button", { name: "Delete comment by bob" })).toBeInTheDocument();
  });

  it("shows a photo of unknown size square, sending no referrer to its site", () => {
    mockServer({});
    const remote = { url: "https://example.com/a.jpg", thumbnail_url: "", width: null, height: null, alt_text: "", position: 1, original_url: null };
    renderCard(makePost({ id: 5, images: [remote] }));

    const img = screen.getByRole("img", { name: "Photo by @alice" });
    expect(img).toHaveClass("post-image-remote");
    expect(img).not.toHaveAttribute("width");
    expect(img).toHaveAttribute("referrerpolicy", "no-referrer");
  });
});

describe("PostCard's Save button", () => {
  it("saves at once in every copy of the post, and takes it back with a message when refused", async () => {
    const answer = later<Response>();
    const server = mockServer({ "PUT /api/v1/posts/7/save": () => answer.promise });
    const post = makePost({ id: 7 });
    const queryClient = testQueryClient();
    queryClient.setQueryData(postKeys.post(7), post);
    queryClient.setQueryData(postKeys.feed("all"), { pages: [{ items: [post], next_cursor: null }], pageParams: [null] });
    const { user } = renderPage(<CachedCard id={7} />, { queryClient });
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toHaveAttribute("aria-pressed", "false");

    await user.click(save);

    // At once, before the server has answered, here and in the feed's copy.
    expect(save).toHaveAttribute("aria-pressed", "true");
    const feed = queryClient.getQueryData<{ pages: { items: Post[] }[] }>(postKeys.feed("all"));
    expect(feed?.pages[0]?.items[0]?.saved).toBe(true);
    expect(server.requestsTo("PUT /api/v1/posts/7/save")).toHaveLength(1);

    answer.resolve(problem(500, "Something broke on our side."));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Couldn't save this post. Something broke on our side.");
    expect(save).toHaveAttribute("aria-pressed", "false");
    const after = queryClient.getQueryData<{ pages: { items: Post[] }[] }>(postKeys.feed("all"));
    expect(after?.pages[0]?.items[0]?.saved).toBe(false);
  });

  it("unsaves with DELETE and keeps it when the server agrees", async () => {
    const server = mockServer({ "DELETE /api/v1/posts/8/save": () => noContent() });
    const { user } = renderCard(makePost({ id: 8, saved: true }));
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toHaveAttribute("aria-pressed", "true");

    await user.click(save);

    await waitFor(() => expect(server.requestsTo("DELETE /api/v1/posts/8/save")).toHaveLength(1));
    expect(save).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
