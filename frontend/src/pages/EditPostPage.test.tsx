import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { postKeys } from "../posts/cache";
import { makePost } from "../test/factories";
import { json, mockServer, problem } from "../test/fetch";
import { renderPage } from "../test/render";
import { EditPostPage } from "./EditPostPage";

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderEdit(id: number) {
  return renderPage(<EditPostPage />, { path: "/p/:postId/edit", at: `/p/${id}/edit` });
}

function ownPost() {
  return makePost({
    id: 12,
    caption: "Old caption",
    can_edit: true,
    images: [{ url: "/api/v1/images/x.jpg", thumbnail_url: "", width: 640, height: 480, alt_text: "A dog", position: 1, original_url: null }],
  });
}

describe("EditPostPage", () => {
  it("saves the caption and alt text, then shows the post", async () => {
    const server = mockServer({
      "GET /api/v1/posts/12": () => json(ownPost()),
      "PATCH /api/v1/posts/12": () => json({ ...ownPost(), caption: "New caption", edited_at: "2024-06-01T00:00:00Z" }),
    });
    const { user, queryClient } = renderEdit(12);

    const caption = await screen.findByLabelText("Caption");
    expect(screen.getByRole("heading", { level: 1, name: "Edit post" })).toBeInTheDocument();
    expect(caption).toHaveValue("Old caption");
    expect(screen.getByLabelText("Alt text")).toHaveValue("A dog");
    expect(screen.getByRole("img", { name: "A dog" })).toBeInTheDocument();
    await user.clear(caption);
    await user.type(caption, "New caption");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/p/12");
    const [request] = server.requestsTo("PATCH /api/v1/posts/12");
    expect(await request!.json()).toEqual({ caption: "New caption", alt_text: "A dog" });
    expect(queryClient.getQueryData(postKeys.post(12))).toMatchObject({ caption: "New caption" });
  });

  it("shows the server's message at its field and keeps what was typed", async () => {
    mockServer({
      "GET /api/v1/posts/12": () => json(ownPost()),
      "PATCH /api/v1/posts/12": () =>
        problem(400, "Some fields are not valid.", { alt_text: "The alt text contains control characters; please remove them." }),
    });
    const { user } = renderEdit(12);

    const alt = await screen.findByLabelText("Alt text");
    await user.clear(alt);
    await user.type(alt, "A dog, barking");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("The alt text contains control characters; please remove them.")).toBeInTheDocument();
    expect(alt).toHaveValue("A dog, barking");
    expect(alt).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Caption")).toHaveValue("Old caption");
    expect(screen.queryByTestId("location")).not.toBeInTheDocument();
  });

  it("says so when the post isn't yours", async () => {
    const server = mockServer({ "GET /api/v1/posts/12": () => json({ ...ownPost(), can_edit: false }) });
    renderEdit(12);

    expect(await screen.findByRole("heading", { name: "You can't edit this post" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the post" })).toHaveAttribute("href", "/p/12");
    expect(screen.queryByLabelText("Caption")).not.toBeInTheDocument();
    expect(server.requestsTo("PATCH /api/v1/posts/12")).toHaveLength(0);
  });

  it("says a missing post isn't here", async () => {
    mockServer({ "GET /api/v1/posts/12": () => problem(404, "There is no post with that id.") });
    renderEdit(12);
    expect(await screen.findByRole("heading", { name: "This post isn't here" })).toBeInTheDocument();
  });
});
