import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, refusal } from "../../test/fakeServer";
import { renderWithApp } from "../../test/renderWithApp";

/** Nobody is logged in, on a site in this registration mode. */
function newcomerOn(mode: "open" | "invitation" | "approval" | "closed") {
  return fakeServer()
    .on("POST", "/api/v1/auth/refresh", () => refusal(401, "That refresh token isn't valid. Log in again."))
    .on("GET", "/api/v1/site", () => json({ registration_mode: mode }));
}

const GRANDMA = { invited_by: { username: "grandma", display_name: "Grandma Rose" }, expires_at: "2026-12-08T12:00:00Z" };

async function fillIn(user: ReturnType<typeof renderWithApp>["user"]) {
  await user.type(await screen.findByLabelText("Username"), "little.tom");
  await user.type(screen.getByLabelText("Email"), "tom@example.com");
  await user.type(screen.getByLabelText("Password"), "password1");
  await user.click(screen.getByRole("button", { name: "Sign up" }));
}

describe("Signup by registration mode", () => {
  it("says sign-ups are closed, with no form, and the top bar and login page offer no Sign up", async () => {
    newcomerOn("closed");
    renderWithApp("/signup", { realAuth: true });

    expect(await screen.findByRole("heading", { level: 1, name: "Sign-ups are closed" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Username")).not.toBeInTheDocument();
    const bar = screen.getByRole("navigation", { name: "Account" });
    expect(within(bar).getByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(within(bar).queryByRole("link", { name: "Sign up" })).not.toBeInTheDocument();
  });

  it("hides Sign up on the login page when closed", async () => {
    newcomerOn("closed");
    renderWithApp("/login", { realAuth: true });

    expect(await screen.findByLabelText("Username or email")).toBeInTheDocument();
    expect(await screen.findByText(/Ask an admin of this site for a reset link/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Sign up" })).not.toBeInTheDocument();
  });

  it("asks for an invitation when the site is by invitation and none was followed", async () => {
    newcomerOn("invitation");
    renderWithApp("/signup", { realAuth: true });

    expect(await screen.findByRole("heading", { level: 1, name: "You need an invitation" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Username")).not.toBeInTheDocument();
  });

  it("applies a followed invitation: says who invited, and sends it with the account", async () => {
    const server = newcomerOn("invitation")
      .on("GET", "/api/v1/invitations/tok-123", () => json(GRANDMA))
      .on("POST", "/api/v1/users", () => json({ status: "pending", username: "little.tom", message: "An admin will look at it." }, 202));
    const { user } = renderWithApp("/invite/tok-123", { realAuth: true });

    expect(await screen.findByText(/invited you to Flaskgram/)).toHaveTextContent("Grandma Rose (@grandma) invited you");
    await fillIn(user);

    const [sent] = server.sent("POST", "/api/v1/users");
    expect(await sent!.json()).toEqual({
      username: "little.tom",
      email: "tom@example.com",
      password: "password1",
      invitation: "tok-123",
    });
  });

  it("takes the invitation from ?invitation= too", async () => {
    newcomerOn("invitation").on("GET", "/api/v1/invitations/abc", () => json(GRANDMA));
    renderWithApp("/signup?invitation=abc", { realAuth: true });

    expect(await screen.findByText(/invited you to Flaskgram/)).toBeInTheDocument();
    expect(screen.getByLabelText("Username")).toBeInTheDocument();
  });

  it("explains an invitation that expired or was used up, with the way forward", async () => {
    newcomerOn("invitation").on("GET", "/api/v1/invitations/old", () =>
      json({ error: "gone", message: "This invitation has expired." }, 410),
    );
    renderWithApp("/invite/old", { realAuth: true });

    expect(
      await screen.findByRole("heading", { level: 1, name: "This invitation can't be used any more" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ask whoever invited you for a new link/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Username")).not.toBeInTheDocument();
  });

  it("says an unknown invitation link isn't valid", async () => {
    newcomerOn("invitation").on("GET", "/api/v1/invitations/nope", () => refusal(404, "No such invitation."));
    renderWithApp("/invite/nope", { realAuth: true });

    expect(await screen.findByRole("heading", { level: 1, name: "This invitation link isn't valid" })).toBeInTheDocument();
  });

  it("by approval: says so, and after signing up shows the waiting page without logging in", async () => {
    const server = newcomerOn("approval").on("POST", "/api/v1/users", () => json({ status: "pending", username: "little.tom", message: "An admin will look at it." }, 202));
    const { user, path } = renderWithApp("/signup", { realAuth: true });

    expect(await screen.findByText(/An admin approves new accounts/)).toBeInTheDocument();
    await fillIn(user);

    const heading = await screen.findByRole("heading", { level: 1, name: "Thanks! An admin will approve your account" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByRole("navigation", { name: "Account" })).toBeInTheDocument(); // still logged out
    expect(server.sent("GET", "/api/v1/me")).toHaveLength(0);
    expect(path()).toBe("/signup");
  });

  it("shows a refused invitation at submit above the form, keeping what was typed", async () => {
    newcomerOn("invitation")
      .on("GET", "/api/v1/invitations/t1", () => json(GRANDMA))
      .on("POST", "/api/v1/users", () => json({ error: "gone", message: "This invitation was used up." }, 410));
    const { user } = renderWithApp("/invite/t1", { realAuth: true });

    await fillIn(user);

    expect(await screen.findByRole("alert")).toHaveTextContent("This invitation was used up.");
    expect(screen.getByLabelText("Username")).toHaveValue("little.tom");
    expect(screen.getByLabelText("Password")).toHaveValue("");
  });

  it("asks to confirm the address when the site checks e-mail addresses", async () => {
    newcomerOn("open").on("POST", "/api/v1/users", () => json({ email_verification_sent: true }, 202));
    const { user } = renderWithApp("/signup", { realAuth: true });

    await fillIn(user);

    const heading = await screen.findByRole("heading", { level: 1, name: "Check your e-mail" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText(/We sent a link to/)).toHaveTextContent("tom@example.com");
    expect(screen.getByRole("navigation", { name: "Account" })).toBeInTheDocument();
  });
});
