import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, noContent, refusal } from "../../test/fakeServer";
import { renderWithApp } from "../../test/renderWithApp";

describe("DeleteAccountPage", () => {
  it("warns before anything happens", () => {
    fakeServer();
    renderWithApp("/settings/delete");

    expect(screen.getByRole("heading", { level: 1, name: "Delete your account" })).toBeInTheDocument();
    expect(screen.getByText("This can't be undone.")).toBeInTheDocument();
  });

  it("deletes the account with the password, then logs out to the login page", async () => {
    const server = fakeServer().on("DELETE", "/api/v1/me", () => noContent());
    const { user, path } = renderWithApp("/settings/delete");

    await user.type(screen.getByLabelText("Your password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Delete my account" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Your account and everything in it have been deleted.",
    );
    const [sent] = server.sent("DELETE", "/api/v1/me");
    expect(await sent!.json()).toEqual({ password: "correct horse battery" });
    // Logged out: the top bar offers logging in, and the login page is shown.
    expect(screen.getByRole("navigation", { name: "Account" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Log in" })).toBeInTheDocument();
    expect(path()).toBe("/login");
  });

  it("keeps the account and says so at the field when the password is wrong", async () => {
    fakeServer().on("DELETE", "/api/v1/me", () =>
      refusal(400, "Some fields are not valid.", { password: "That isn't your password." }),
    );
    const { user, path } = renderWithApp("/settings/delete");

    const password = screen.getByLabelText("Your password");
    await user.type(password, "wrong");
    await user.click(screen.getByRole("button", { name: "Delete my account" }));

    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(expect.stringContaining("That isn't your password.")),
    );
    expect(password).toHaveValue("");
    expect(path()).toBe("/settings/delete");
  });
});
