import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, refusal } from "../../test/fakeServer";
import { renderWithApp } from "../../test/renderWithApp";

const allOn = { likes: true, comments: true, follows: true, mentions: true };

describe("NotificationSettingsPage", () => {
  it("is a settings tab, shows each switch as saved, and saves the changes", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/me/notifications/settings", () => json({ ...allOn, mentions: false }))
      .on("PUT", "/api/v1/me/notifications/settings", async (request) => json(await request.json()));
    const { user } = renderWithApp("/settings/notifications");

    const likes = await screen.findByRole("switch", { name: "Likes of your posts" });
    expect(within(screen.getByRole("navigation", { name: "Settings" })).getByRole("link", { name: "Notifications" }))
      .toHaveAttribute("aria-current", "page");
    expect(likes).toBeChecked();
    expect(screen.getByRole("switch", { name: "Mentions of you, in posts and comments" })).not.toBeChecked();

    await user.click(likes);
    await user.click(screen.getByRole("switch", { name: "Mentions of you, in posts and comments" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Notification settings saved.")).toBeInTheDocument();
    const [sent] = server.sent("PUT", "/api/v1/me/notifications/settings");
    expect(await sent!.json()).toEqual({ likes: false, comments: true, follows: true, mentions: true });
    expect(screen.getByRole("switch", { name: "Likes of your posts" })).not.toBeChecked();
  });

  it("keeps the choices and says why when saving fails", async () => {
    fakeServer()
      .on("GET", "/api/v1/me/notifications/settings", () => json(allOn))
      .on("PUT", "/api/v1/me/notifications/settings", () => refusal(429, "Too many changes. Try again in a minute."));
    const { user } = renderWithApp("/settings/notifications");

    await user.click(await screen.findByRole("switch", { name: "New followers" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many changes. Try again in a minute.");
    expect(screen.getByRole("switch", { name: "New followers" })).not.toBeChecked();
    expect(screen.queryByText("Notification settings saved.")).not.toBeInTheDocument();
  });
});
