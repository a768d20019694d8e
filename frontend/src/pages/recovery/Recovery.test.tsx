import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, noContent, refusal } from "../../test/fakeServer";
import { renderWithApp } from "../../test/renderWithApp";

function newcomer() {
  return fakeServer().on("POST", "/api/v1/auth/refresh", () =>
    refusal(401, "That refresh token isn't valid. Log in again."),
  );
}

/** A site that can send e-mail. */
function newcomerWithEmail() {
  return newcomer().on("GET", "/api/v1/auth/password-reset", () => json({ email_reset: true }));
}

describe("Forgot password", () => {
  it("offers the link on the login page only when the site can send e-mail", async () => {
    newcomer().on("GET", "/api/v1/auth/password-reset", () => json({ email_reset: true }));
    const { user, path } = renderWithApp("/login", { realAuth: true });

    await screen.findByLabelText("Username or email");
    await user.click(await screen.findByRole("link", { name: "Forgot password?" }));

    expect(path()).toBe("/forgot");
    expect(screen.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeInTheDocument();
  });

  it("gives the same answer for any address, and sends it to the server", async () => {
    const server = newcomerWithEmail().on("POST", "/api/v1/auth/password-reset", () => json({}, 202));
    for (const email of ["known@example.com", "nobody@example.com"]) {
      const { user, unmount } = renderWithApp("/forgot", { realAuth: true });
      await user.type(await screen.findByLabelText("Email"), email);
      await user.click(screen.getByRole("button", { name: "Send me a reset link" }));

      const heading = await screen.findByRole("heading", { level: 1, name: "Check your e-mail" });
      await waitFor(() => expect(heading).toHaveFocus());
      expect(screen.getByText(/belongs to an account here, we have sent it a link/)).toHaveTextContent(
        `If ${email} belongs to an account here`,
      );
      unmount();
    }
    const sent = server.sent("POST", "/api/v1/auth/password-reset");
    expect(await sent[1]!.json()).toEqual({ email: "nobody@example.com" });
  });

  it("shows a refused address at its field", async () => {
    newcomerWithEmail().on("POST", "/api/v1/auth/password-reset", () =>
      refusal(400, "Some fields are not valid.", { email: "Enter an e-mail address." }),
    );
    const { user } = renderWithApp("/forgot", { realAuth: true });

    const email = await screen.findByLabelText("Email");
    await user.type(email, "not-an-address");
    await user.click(screen.getByRole("button", { name: "Send me a reset link" }));

    await waitFor(() => expect(email).toHaveAccessibleDescription("Enter an e-mail address."));
    expect(email).toHaveValue("not-an-address");
  });


  it("without e-mail, says to ask an admin instead of showing a form", async () => {
    newcomer();
    renderWithApp("/forgot", { realAuth: true });

    expect(await screen.findByRole("heading", { level: 1, name: "Ask an admin for a reset link" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Email")).not.toBeInTheDocument();
  });
});

describe("Reset password", () => {
  async function choose(user: ReturnType<typeof renderWithApp>["user"], first: string, second = first) {
    await user.type(await screen.findByLabelText("New password"), first);
    await user.type(screen.getByLabelText("New password again"), second);
    await user.click(screen.getByRole("button", { name: "Set new password" }));
  }

  it("sets the new password with the link's token, then goes to login with a message", async () => {
    const server = newcomer().on("POST", "/api/v1/auth/password-reset/confirm", () => noContent());
    const { user, path } = renderWithApp("/reset/tok-9", { realAuth: true });

    await choose(user, "a new long password");

    expect(await screen.findByRole("status")).toHaveTextContent("Password changed. Log in with your new password.");
    await waitFor(() => expect(path()).toBe("/login"));
    expect(screen.getByRole("heading", { level: 1, name: "Flaskgram" })).toBeInTheDocument();
    expect(screen.getByLabelText("Username or email")).toBeInTheDocument();
    const [sent] = server.sent("POST", "/api/v1/auth/password-reset/confirm");
    expect(await sent!.json()).toEqual({ token: "tok-9", password: "a new long password" });
  });

  it("explains a used or expired link and how to get a new one", async () => {
    newcomer()
      .on("GET", "/api/v1/auth/password-reset", () => json({ email_reset: true }))
      .on("POST", "/api/v1/auth/password-reset/confirm", () =>
        json({ error: "gone", message: "This link has expired." }, 410),
      );
    const { user } = renderWithApp("/reset/old", { realAuth: true });

    await choose(user, "a new long password");

    const heading = await screen.findByRole("heading", {
      level: 1,
      name: "This reset link has expired or was already used",
    });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(await screen.findByRole("link", { name: "Request a new one" })).toHaveAttribute("href", "/forgot");
    expect(screen.getByText(/ask an admin of this site for a new link/)).toBeInTheDocument();
  });

  it("without e-mail, sends people to their admin for a new link", async () => {
    newcomer().on("POST", "/api/v1/auth/password-reset/confirm", () => refusal(404, "No such link."));
    const { user } = renderWithApp("/reset/wrong", { realAuth: true });

    await choose(user, "a new long password");

    expect(await screen.findByRole("heading", { level: 1, name: "This reset link isn't valid" })).toBeInTheDocument();
    expect(screen.getByText("Ask an admin of this site for a new link.")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Request a new one" })).not.toBeInTheDocument();
  });

  it("refuses two different passwords at the second field without asking the server", async () => {
    const server = newcomer();
    const { user } = renderWithApp("/reset/tok", { realAuth: true });

    await choose(user, "a new long password", "another one");

    expect(screen.getByLabelText("New password again")).toHaveAccessibleDescription(
      expect.stringContaining("not the same"),
    );
    expect(server.sent("POST", "/api/v1/auth/password-reset/confirm")).toHaveLength(0);
  });

  it("shows the server's password rule at the field", async () => {
    newcomer().on("POST", "/api/v1/auth/password-reset/confirm", () =>
      json({ error: "invalid", message: "Some fields are not valid.", fields: { password: "That password is too common." } }, 422),
    );
    const { user } = renderWithApp("/reset/tok", { realAuth: true });

    await choose(user, "password123");

    const password = screen.getByLabelText("New password");
    await waitFor(() => expect(password).toHaveAccessibleDescription(expect.stringContaining("too common")));
    expect(password).toHaveValue("");
  });
});

describe("Verify e-mail", () => {
  it("verifies with a button press, not on opening the page", async () => {
    const server = newcomer().on("POST", "/api/v1/auth/verify-email", () => noContent());
    const { user } = renderWithApp("/verify/v-1", { realAuth: true });

    const button = await screen.findByRole("button", { name: "Verify my e-mail address" });
    expect(server.sent("POST", "/api/v1/auth/verify-email")).toHaveLength(0);
    await user.click(button);

    expect(await screen.findByRole("heading", { level: 1, name: "Your e-mail address is verified" })).toBeInTheDocument();
    expect(await server.sent("POST", "/api/v1/auth/verify-email")[0]!.json()).toEqual({ token: "v-1" });
  });

  it("explains a link that was already used", async () => {
    newcomer().on("POST", "/api/v1/auth/verify-email", () => json({ error: "gone", message: "Used." }, 410));
    const { user } = renderWithApp("/verify/v-2", { realAuth: true });

    await user.click(await screen.findByRole("button", { name: "Verify my e-mail address" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "This link has expired or was already used" }),
    ).toBeInTheDocument();
  });
});
