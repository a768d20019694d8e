import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Post } from "../api/types";
import { makeComment, makePost } from "../test/factories";
import { json, later, mockServer } from "../test/fetch";
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

  it("shows several photos in a row, each with its alt text", () => {
    mockServer({});
    const image = { thumbnail_url: "", width: 100, height: 100, alt_text: "" };
    renderCard(
      makePost({
        id: 4,
        images: [
          { ...image, url: "/a.jpg", alt_text: "A harbour" },
          { ...image, url: "/b.jpg" },
        ],
      }),
    );

    const photos = screen.getByRole("list", { name: "2 photos" });
    const images = within(photos).getAllByRole("img");
    expect(images.map((img) => img.getAttribute("alt"))).toEqual(["A harbour", "Photo 2 of 2 by @alice"]);
  });

  it("shows a photo of unknown size square, sending no referrer to its site", () => {
    mockServer({});
    const remote = { url: "https://example.com/a.jpg", thumbnail_url: "", width: null, height: null, alt_text: "" };
    renderCard(makePost({ id: 5, images: [remote] }));

    const img = screen.getByRole("img", { name: "Photo by @alice" });
    expect(img).toHaveClass("post-image-remote");
    expect(img).not.toHaveAttribute("width");
    expect(img).toHaveAttribute("referrerpolicy", "no-referrer");
  });
});
