import type { InfiniteData } from "@tanstack/react-query";
import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { PostPage as PostPageData } from "../api/types";
import { postKeys } from "../posts/cache";
import { makeComment, makePost } from "../test/factories";
import { json, later, mockServer, noContent, problem } from "../test/fetch";
import { renderPage, testQueryClient } from "../test/render";
import { PostPage } from "./PostPage";

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderPost(id: number, options: Parameters<typeof renderPage>[1] = {}) {
  return renderPage(<PostPage />, { path: "/p/:postId", at: `/p/${id}`, ...options });
}

function commentCountHeading() {
  return screen.getByRole("heading", { level: 2, name: /comments?$/ });
}

describe("PostPage", () => {
  it("shows the post big, its comments, and loads more with the cursor", async () => {
    const post = makePost({ id: 3, caption: "Morning fog", comment_count: 3, like_count: 2, edited_at: "2024-05-01T00:00:00Z" });
    const server = mockServer({
      "GET /api/v1/posts/3": () => json(post),
      "GET /api/v1/posts/3/comments": (_request, url) =>
        url.searchParams.get("after") === "11"
          ? json({ items: [makeComment({ id: 12, post_id: 3, body: "Third" })], next_cursor: null })
          : json({
              items: [makeComment({ id: 10, post_id: 3, body: "First" }), makeComment({ id: 11, post_id: 3, body: "Second\nline" })],
              next_cursor: 11,
            }),
    });
    const { user } = renderPost(3);

    expect(await screen.findByRole("heading", { level: 1, name: "Post by alice" })).toBeInTheDocument();
    expect(document.title).toBe("alice: Morning fog · Flaskgram");
    expect(screen.getByText(/edited/)).toBeInTheDocument();
    const photo = screen.getByRole("img", { name: "Photo by @alice" });
    expect(photo).not.toHaveAttribute("loading"); // the page's one photo loads at once
    expect(commentCountHeading()).toHaveTextContent("3 comments");
    expect(await screen.findByText("First")).toBeInTheDocument();
    expect(screen.getByText(/Second/).querySelector("br")).not.toBeNull();
    expect(screen.queryByRole("link", { name: "Edit" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Load more comments" }));

    expect(await screen.findByText("Third")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more comments" })).not.toBeInTheDocument();
    const asked = server.requestsTo("GET /api/v1/posts/3/comments").map((r) => new URL(r.url).search);
    expect(asked).toEqual(["", "?after=11"]);
  });

  it("says a missing post isn't here", async () => {
    mockServer({ "GET /api/v1/posts/404": () => problem(404, "There is no post with that id.") });
    renderPost(404);

    expect(await screen.findByRole("heading", { name: "This post isn't here" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the feed" })).toHaveAttribute("href", "/");
    expect(document.title).toBe("Post not found · Flaskgram");
  });

  it("says so without asking the server when the address can't be a post", async () => {
    const server = mockServer({});
    renderPage(<PostPage />, { path: "/p/:postId", at: "/p/abc" });
    expect(screen.getByRole("heading", { name: "This post isn't here" })).toBeInTheDocument();
    expect(server.fetchMock).not.toHaveBeenCalled();
  });

  it("updates the post in the feeds too when it is liked here", async () => {
    const post = makePost({ id: 8, like_count: 1 });
    mockServer({
      "GET /api/v1/posts/8": () => json(post),
      "GET /api/v1/posts/8/comments": () => json({ items: [], next_cursor: null }),
      "PUT /api/v1/posts/8/like": () => json({ ...post, liked: true, like_count: 2 }),
    });
    const queryClient = testQueryClient();
    queryClient.setQueryData<InfiniteData<PostPageData>>(postKeys.feed("all"), {
      pages: [{ items: [makePost({ id: 9 }), post], next_cursor: null }],
      pageParams: [undefined],
    });
    const { user } = renderPost(8, { queryClient });

    await user.click(await screen.findByRole("button", { name: "Like" }));

    await waitFor(() => {
      const feed = queryClient.getQueryData<InfiniteData<PostPageData>>(postKeys.feed("all"))!;
      expect(feed.pages[0]!.items[1]).toMatchObject({ id: 8, liked: true, like_count: 2 });
    });
    expect(screen.getByRole("button", { name: "Like" })).toHaveAttribute("aria-pressed", "true");
  });
});

describe("commenting", () => {
  function commentServer(addComment: () => Response | Promise<Response>) {
    return mockServer({
      "GET /api/v1/posts/4": () => json(makePost({ id: 4, comment_count: 1 })),
      "GET /api/v1/posts/4/comments": () =>
        json({ items: [makeComment({ id: 20, post_id: 4, body: "Already here" })], next_cursor: null }),
      "POST /api/v1/posts/4/comments": addComment,
    });
  }

  it("shows a new comment at once, then as the server stored it", async () => {
    const answer = later<Response>();
    const server = commentServer(() => answer.promise);
    const { user } = renderPost(4);
    await screen.findByText("Already here");
    const box = screen.getByRole("textbox", { name: "Add a comment" });

    await user.type(box, "So pretty{Enter}");

    expect(box).toHaveValue("");
    expect(screen.getByText("So pretty")).toBeInTheDocument();
    expect(screen.getByText("Posting…")).toBeInTheDocument();
    expect(commentCountHeading()).toHaveTextContent("2 comments");
    const sent = server.requestsTo("POST /api/v1/posts/4/comments")[0]!;
    expect(await sent.json()).toEqual({ body: "So pretty" });

    answer.resolve(json(makeComment({ id: 21, post_id: 4, body: "So pretty", author: { username: "me", display_name: "Me", avatar: null }, can_delete: true }), 201));

    expect(await screen.findByRole("button", { name: "Delete comment by me" })).toBeInTheDocument();
    expect(screen.queryByText("Posting…")).not.toBeInTheDocument();
    expect(screen.getAllByText("So pretty")).toHaveLength(1);
  });

  it("keeps a refused comment's text and shows the server's message under the box", async () => {
    const answer = later<Response>();
    commentServer(() => answer.promise);
    const { user } = renderPost(4);
    await screen.findByText("Already here");
    const box = screen.getByRole("textbox", { name: "Add a comment" });

    await user.type(box, "Way too long");
    await user.click(screen.getByRole("button", { name: "Post" }));
    expect(screen.getByText("Way too long")).toBeInTheDocument(); // shown at once

    answer.resolve(problem(400, "Some fields are not valid.", { body: "A comment can be at most 1,000 characters (you have 1,204)." }));

    const message = await screen.findByText("A comment can be at most 1,000 characters (you have 1,204).");
    expect(message).toHaveAttribute("role", "alert");
    expect(box).toHaveValue("Way too long");
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(box).toHaveAccessibleDescription("A comment can be at most 1,000 characters (you have 1,204).");
    expect(screen.queryByText("Posting…")).not.toBeInTheDocument();
    expect(commentCountHeading()).toHaveTextContent("1 comment");
  });

  it("keeps the text and says why when the server fails", async () => {
    commentServer(() => problem(429, "Too many comments. Wait a minute."));
    const { user } = renderPost(4);
    await screen.findByText("Already here");
    const box = screen.getByRole("textbox", { name: "Add a comment" });

    await user.type(box, "Again!{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("Your comment wasn't posted. Too many comments. Wait a minute.");
    expect(box).toHaveValue("Again!");
  });

  it("won't send an empty comment", async () => {
    const server = commentServer(() => json({}, 201));
    const { user } = renderPost(4);
    await screen.findByText("Already here");

    await user.type(screen.getByRole("textbox", { name: "Add a comment" }), "   {Enter}");

    expect(screen.getByRole("alert")).toHaveTextContent("A comment can't be empty.");
    expect(server.requestsTo("POST /api/v1/posts/4/comments")).toHaveLength(0);
  });
});

describe("deleting a comment", () => {
  function deleteServer(answer: () => Response | Promise<Response>) {
    return mockServer({
      "GET /api/v1/posts/5": () => json(makePost({ id: 5, comment_count: 2 })),
      "GET /api/v1/posts/5/comments": () =>
        json({
          items: [
            makeComment({ id: 30, post_id: 5, body: "Keep me" }),
            makeComment({ id: 31, post_id: 5, body: "Mine to delete", author: { username: "me", display_name: "Me", avatar: null }, can_delete: true }),
          ],
          next_cursor: null,
        }),
      "DELETE /api/v1/posts/5/comments/31": answer,
    });
  }

  it("hides the comment at once and brings it back with a message if refused", async () => {
    const answer = later<Response>();
    deleteServer(() => answer.promise);
    const { user } = renderPost(5);
    await screen.findByText("Mine to delete");
    expect(screen.getAllByRole("button", { name: /^Delete comment/ })).toHaveLength(1); // only own

    await user.click(screen.getByRole("button", { name: "Delete comment by me" }));

    expect(screen.queryByText("Mine to delete")).not.toBeInTheDocument();
    expect(commentCountHeading()).toHaveTextContent("1 comment");

    answer.resolve(problem(500, "Something broke."));

    const comment = (await screen.findByText("Mine to delete")).closest("li")!;
    expect(within(comment).getByRole("alert")).toHaveTextContent("Couldn't delete this comment. Something broke.");
    expect(commentCountHeading()).toHaveTextContent("2 comments");
  });

  it("removes it for good when the server deletes it", async () => {
    const server = deleteServer(() => noContent());
    const { user } = renderPost(5);
    await screen.findByText("Mine to delete");

    await user.click(screen.getByRole("button", { name: "Delete comment by me" }));

    await waitFor(() => expect(server.requestsTo("DELETE /api/v1/posts/5/comments/31")).toHaveLength(1));
    expect(screen.queryByText("Mine to delete")).not.toBeInTheDocument();
    expect(screen.getByText("Keep me")).toBeInTheDocument();
    expect(commentCountHeading()).toHaveTextContent("1 comment");
  });
});

describe("the author's actions", () => {
  function ownPostServer(deleteAnswer: () => Response | Promise<Response>) {
    return mockServer({
      "GET /api/v1/posts/6": () => json(makePost({ id: 6, can_edit: true, can_delete: true })),
      "GET /api/v1/posts/6/comments": () => json({ items: [], next_cursor: null }),
      "DELETE /api/v1/posts/6": deleteAnswer,
    });
  }

  it("asks before deleting, then goes to the feed", async () => {
    const server = ownPostServer(() => noContent());
    const { user } = renderPost(6);

    expect(await screen.findByRole("link", { name: "Edit" })).toHaveAttribute("href", "/p/6/edit");
    expect(await screen.findByText("No comments yet. Start the conversation.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Delete" }));

    expect(server.requestsTo("DELETE /api/v1/posts/6")).toHaveLength(0);
    const question = screen.getByRole("group", { name: /Delete this post\?/ });
    expect(question).toContainElement(document.activeElement as HTMLElement);
    await user.click(within(question).getByRole("button", { name: "Delete post" }));

    expect(await screen.findByTestId("location")).toHaveTextContent(/^\/$/);
    expect(server.requestsTo("DELETE /api/v1/posts/6")).toHaveLength(1);
    expect(server.requestsTo("GET /api/v1/posts/6")).toHaveLength(1); // not asked for again
  });

  it("can be cancelled, and says why a delete failed", async () => {
    const server = ownPostServer(() => problem(503, "The database is busy."));
    const { user } = renderPost(6);

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: /Delete this post\?/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete" })).toHaveFocus());

    await user.click(screen.getByRole("button", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Delete post" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The database is busy.");
    expect(screen.getByRole("heading", { level: 1, name: "Post by alice" })).toBeInTheDocument();
    expect(server.requestsTo("DELETE /api/v1/posts/6")).toHaveLength(1);
  });
});
