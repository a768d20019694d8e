import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { currentAccessToken, startSession } from "../../api/session";
import { fakeServer, noContent, refusal } from "../../test/fakeServer";
import { renderWithApp } from "../../test/renderWithApp";

async function changePassword(user: ReturnType<typeof renderWithApp>["user"]) {
  await user.type(screen.getByLabelText("Current password"), "not my password");
  await user.type(screen.getByLabelText("New password"), "a brand new passphrase");
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

describe("PasswordSettingsPage", () => {
  it("shows a wrong current password at that field", async () => {
    fakeServer().on("POST", "/api/v1/me/password", () =>
      refusal(400, "Some fields are not valid.", {
        current_password: "That isn't your current password.",
      }),
    );
    const { user } = renderWithApp("/settings/password");

    await changePassword(user);

    const current = screen.getByLabelText("Current password");
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription("That isn't your current password."),
    );
    expect(current).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("New password")).not.toHaveAttribute("aria-invalid");
    expect(current).toHaveValue("");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says the password changed and stays logged in", async () => {
    const server = fakeServer().on("POST", "/api/v1/me/password", () => noContent());
    const { user, path } = renderWithApp("/settings/password");

    await changePassword(user);

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Password changed. Other devices have been logged out.",
    );
    const [sent] = server.sent("POST", "/api/v1/me/password");
    expect(await sent!.json()).toEqual({
      current_password: "not my password",
      new_password: "a brand new passphrase",
    });
    expect(screen.getByLabelText("New password")).toHaveValue("");
    expect(path()).toBe("/settings/password");
  });

  it("logs out everywhere, then sends you to login with a message", async () => {
    startSession("an access token");
    const server = fakeServer().on("POST", "/api/v1/me/logout-everywhere", () => noContent());
    const { user, path } = renderWithApp("/settings/password");

    await user.click(screen.getByRole("button", { name: "Log out everywhere" }));

    expect(await screen.findByText("You have been logged out on every device.")).toHaveAttribute(
      "role",
      "status",
    );
    expect(screen.getByRole("button", { name: "Log in" })).toBeInTheDocument();
    expect(path()).toBe("/login"); // not /login?next=…, which would have lost the message
    expect(currentAccessToken()).toBeNull();
    expect(server.sent("POST", "/api/v1/me/logout-everywhere")[0]!.headers.get("Authorization")).toBe(
      "Bearer an access token",
    );
  });
});
