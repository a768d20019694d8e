import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json, refusal } from "../../test/fakeServer";
import { makeMe } from "../../test/people";
import { renderWithApp } from "../../test/renderWithApp";

/** Nobody is logged in: the refresh cookie is refused, as for a first visit. */
function serverForNewcomer() {
  return fakeServer().on("POST", "/api/v1/auth/refresh", () =>
    refusal(401, "That refresh token isn't valid. Log in again."),
  );
}

async function fillIn(user: ReturnType<typeof renderWithApp>["user"]) {
  await user.type(await screen.findByLabelText("Username"), "Taken.Name");
  await user.type(screen.getByLabelText("Email"), "me@example.com");
  await user.type(screen.getByLabelText("Password"), "password1");
  await user.click(screen.getByRole("button", { name: "Sign up" }));
}

describe("SignupPage", () => {
  it("shows the server's message at each field, keeping what was typed except the password", async () => {
    const server = serverForNewcomer().on("POST", "/api/v1/users", () =>
      refusal(400, "Some fields are not valid.", {
        username: "That username is taken.",
        password: "That password is too common. Please choose a less guessable one.",
      }),
    );
    const { user } = renderWithApp("/signup", { realAuth: true });

    await fillIn(user);

    const username = screen.getByLabelText("Username");
    const password = screen.getByLabelText("Password");
    expect(await screen.findByText("That username is taken.")).toBeInTheDocument();
    expect(username).toHaveAccessibleDescription(expect.stringContaining("That username is taken."));
    expect(username).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(expect.stringContaining("too common"));
    expect(username).toHaveValue("Taken.Name");
    expect(screen.getByLabelText("Email")).toHaveValue("me@example.com");
    expect(password).toHaveValue("");
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");

    const [sent] = server.sent("POST", "/api/v1/users");
    expect(await sent!.json()).toEqual({
      username: "Taken.Name",
      email: "me@example.com",
      password: "password1",
    });
  });

  it("shows a refusal that names no field above the form", async () => {
    serverForNewcomer().on("POST", "/api/v1/users", () =>
      refusal(429, "Too many sign-ups from this address. Try again in an hour."),
    );
    const { user } = renderWithApp("/signup", { realAuth: true });

    await fillIn(user);

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many sign-ups");
    expect(screen.getByLabelText("Username")).toHaveValue("Taken.Name");
  });

  it("logs the new account in and goes to the feed", async () => {
    const me = makeMe({ username: "taken.name" });
    serverForNewcomer()
      .on("POST", "/api/v1/users", () =>
        json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }, 201),
      )
      .on("GET", "/api/v1/me", () => json(me));
    const { user, path } = renderWithApp("/signup", { realAuth: true });

    await fillIn(user);

    expect(
      await screen.findByRole("button", { name: /account menu for\s*taken\.name/i }),
    ).toBeInTheDocument();
    await waitFor(() => expect(path()).toBe("/"));
  });
});
