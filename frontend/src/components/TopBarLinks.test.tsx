import { focusManager } from "@tanstack/react-query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeServer, json } from "../test/fakeServer";
import { makeMe } from "../test/people";
import { renderWithApp } from "../test/renderWithApp";

function notificationsLink() {
  return within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: /^Notifications/ });
}

afterEach(() => {
  vi.useRealTimers();
  focusManager.setFocused(undefined);
});

describe("The top bar's notifications badge", () => {
  it("has no badge when nothing is unread", () => {
    fakeServer().on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }));
    renderWithApp("/", { me: makeMe({ unread_notifications: 0 }) });
    expect(notificationsLink()).toHaveAccessibleName("Notifications");
  });

  it("shows at most 99+", () => {
    fakeServer().on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }));
    renderWithApp("/", { me: makeMe({ unread_notifications: 250 }) });
    expect(notificationsLink()).toHaveAccessibleName("Notifications 99+ unread");
  });

  it("asks for the count again after a minute, on a move or a focus, and not before", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const server = fakeServer()
      .on("GET", "/api/v1/feed", () => json({ items: [], next_cursor: null }))
      .on("GET", "/api/v1/feed/following", () => json({ items: [], next_cursor: null }))
      .on("GET", "/api/v1/me", () => json(makeMe({ unread_notifications: 5 })));
    const { user } = renderWithApp("/", { me: makeMe({ unread_notifications: 1 }) });
    const main = screen.getByRole("navigation", { name: "Main" });

    // Moves within the minute cost nothing.
    await user.click(within(main).getByRole("link", { name: "Following" }));
    await user.click(within(main).getByRole("link", { name: "Feed" }));
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    expect(server.sent("GET", "/api/v1/me")).toHaveLength(0);
    expect(notificationsLink()).toHaveAccessibleName("Notifications 1 unread");

    vi.setSystemTime(Date.now() + 61_000);
    await user.click(within(main).getByRole("link", { name: "Following" }));
    await waitFor(() => expect(notificationsLink()).toHaveAccessibleName("Notifications 5 unread"));
    expect(server.sent("GET", "/api/v1/me")).toHaveLength(1);

    vi.setSystemTime(Date.now() + 61_000);
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    await waitFor(() => expect(server.sent("GET", "/api/v1/me")).toHaveLength(2));
  });
});
