import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Notification } from "../api/types";
import { fakeServer, json } from "../test/fakeServer";
import { makeMe } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

const person = (username: string) => ({ username, display_name: "", avatar: null });

function notification(overrides: Partial<Notification>): Notification {
  return {
    id: 1,
    kind: "like",
    actors: [person("ada")],
    post: { id: 7, thumbnail_url: "/api/v1/images/p7_640.jpg" },
    comment: null,
    read: false,
    created_at: new Date(Date.now() - 120_000).toISOString(),
    ...overrides,
  };
}

const page = [
  notification({ id: 30, actors: ["ada", "bob", "cy", "dee"].map(person) }),
  notification({ id: 25, kind: "comment", actors: [person("bob")], comment: { id: 4, body: "Lovely <b>light</b>!" } }),
  notification({ id: 20, kind: "follow", actors: [person("cy"), person("dee")], post: null }),
  notification({ id: 12, kind: "mention", actors: [person("eve")], read: true }),
];

function notificationsLink() {
  return within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: /^Notifications/ });
}

describe("Notifications", () => {
  it("shows the unread count in the top bar, and clears it when the page marks them read", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }))
      .on("GET", "/api/v1/me/notifications", () => json({ items: page, next_cursor: null }))
      .on("POST", "/api/v1/me/notifications/read", () => json({ unread_notifications: 0 }));
    const { user, path } = renderWithApp("/", { me: makeMe({ unread_notifications: 3 }) });

    expect(notificationsLink()).toHaveAccessibleName("Notifications 3 unread");
    await user.click(notificationsLink());

    expect(path()).toBe("/notifications");
    expect(await screen.findByText("liked your post.", { exact: false })).toBeInTheDocument();
    await waitFor(() => expect(notificationsLink()).toHaveAccessibleName("Notifications"));
    const [marked] = server.sent("POST", "/api/v1/me/notifications/read");
    expect(await marked!.json()).toEqual({ up_to: 30 });
    expect(server.sent("POST", "/api/v1/me/notifications/read")).toHaveLength(1);
    expect(server.sent("GET", "/api/v1/me")).toHaveLength(0); // no request storm
  });

  it("writes grouped notifications in words, with links to the people and the post", async () => {
    fakeServer()
      .on("GET", "/api/v1/me/notifications", () => json({ items: page, next_cursor: null }))
      .on("POST", "/api/v1/me/notifications/read", () => json({ unread_notifications: 0 }));
    renderWithApp("/notifications", { me: makeMe({ unread_notifications: 4 }) });

    const items = within(await screen.findByRole("list", { name: "" })).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("paragraph").textContent)).toEqual([
      expect.stringMatching(/^ada and 3 others liked your post\. 2m/),
      expect.stringMatching(/^bob commented on your post: Lovely <b>light<\/b>! 2m/),
      expect.stringMatching(/^cy and dee started following you\. 2m/),
      expect.stringMatching(/^eve mentioned you in a post\. 2m/),
    ]);
    expect(within(items[0]!).getByRole("link", { name: "ada" })).toHaveAttribute("href", "/u/ada");
    expect(within(items[0]!).getByRole("link", { name: "Your post" })).toHaveAttribute("href", "/p/7");
    expect(within(items[1]!).getByRole("link", { name: "Your post" })).toHaveAttribute("href", "/p/7#comment-4");
    expect(within(items[2]!).getByRole("link", { name: "View cy" })).toHaveAttribute("href", "/u/cy");
    expect(items[0]).toHaveTextContent("(new)");
    expect(items[3]).not.toHaveTextContent("(new)");
    expect(document.querySelector("b")).toBeNull(); // a comment's markup stays text
  });

  it("quotes a comment's first words, cut at a word as the HTML page cuts them", async () => {
    const body = "This is a rather long comment that goes on and on about the light in your photo of the harbour at dusk";
    fakeServer()
      .on("GET", "/api/v1/me/notifications", () =>
        json({
          items: [notification({ id: 3, kind: "mention", actors: [person("bob")], comment: { id: 9, body }, read: true })],
          next_cursor: null,
        }),
      );
    renderWithApp("/notifications");

    const text = await screen.findByText(/^This is a rather long/);
    expect(text).toHaveTextContent(/^This is a rather long comment that goes on and on about the light in your\.\.\.$/);
    expect(text.closest("p")).toHaveTextContent(/^bob mentioned you in a comment: This is/);
    expect(screen.getByRole("link", { name: "Your post" })).toHaveAttribute("href", "/p/7#comment-9");
  });

  it("says what will show up when there is nothing, without marking anything read", async () => {
    const server = fakeServer().on("GET", "/api/v1/me/notifications", () => json({ items: [], next_cursor: null }));
    renderWithApp("/notifications");

    expect(await screen.findByRole("heading", { name: "Nothing yet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Choose which notifications you get" })).toHaveAttribute(
      "href",
      "/settings/notifications",
    );
    expect(server.sent("POST", "/api/v1/me/notifications/read")).toHaveLength(0);
  });

  it("loads older notifications with the cursor", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/me/notifications", (_request, url) =>
        url.searchParams.get("before") === "12"
          ? json({ items: [notification({ id: 5, actors: [person("zed")], read: true })], next_cursor: null })
          : json({ items: page, next_cursor: 12 }),
      )
      .on("POST", "/api/v1/me/notifications/read", () => json({ unread_notifications: 0 }));
    const { user } = renderWithApp("/notifications");

    await user.click(await screen.findByRole("button", { name: /Load more\s*notifications/ }));

    expect(await screen.findByRole("link", { name: "zed" })).toBeInTheDocument();
    expect(new URL(server.sent("GET", "/api/v1/me/notifications")[1]!.url).searchParams.get("before")).toBe("12");
    expect(server.sent("POST", "/api/v1/me/notifications/read")).toHaveLength(1);
  });
});
