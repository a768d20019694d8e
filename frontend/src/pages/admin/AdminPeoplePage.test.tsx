import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { AdminPerson } from "../../api/types";
import { fakeServer, json, noContent, refusal } from "../../test/fakeServer";
import { makeMe } from "../../test/people";
import { renderWithApp } from "../../test/renderWithApp";

const admin = makeMe({ username: "alice", is_admin: true });

function person(overrides: Partial<AdminPerson> = {}): AdminPerson {
  return {
    username: "bob",
    display_name: "Bob Builder",
    email: "bob@example.com",
    is_admin: false,
    status: "active",
    created_at: "2026-11-01T10:00:00Z",
    invited_by: null,
    ...overrides,
  };
}

function row(username: string) {
  const list = screen.getByRole("list", { name: "People" });
  return within(list)
    .getAllByRole("listitem")
    .find((item) => item.querySelector(".username")?.textContent === username)!;
}

describe("AdminPeoplePage", () => {
  it("lists people with their status, and searches with ?q=", async () => {
    const server = fakeServer().on("GET", "/api/v1/admin/people", (_, url) =>
      json({
        items: url.searchParams.get("q")
          ? [person({ username: "carol", status: "disabled" })]
          : [
              person({ username: "alice", is_admin: true }),
              person({ username: "dan", status: "pending", invited_by: "alice" }),
            ],
        next_cursor: null,
      }),
    );
    const { user, path } = renderWithApp("/admin/people", { me: admin });

    expect(await screen.findByRole("heading", { level: 1, name: "People" })).toBeInTheDocument();
    await screen.findByRole("list", { name: "People" });
    expect(within(row("dan")).getByText("Waiting for approval")).toBeInTheDocument();
    expect(within(row("dan")).getByText(/invited by alice/)).toBeInTheDocument();
    expect(within(row("alice")).getByText("Admin")).toBeInTheDocument();
    expect(within(row("alice")).getByText("(you)")).toBeInTheDocument();

    await user.type(screen.getByRole("searchbox", { name: "Search people" }), "car");
    await user.click(screen.getByRole("button", { name: "Search" }));

    expect(await screen.findByText("carol")).toBeInTheDocument();
    expect(within(row("carol")).getByText("Disabled")).toBeInTheDocument();
    expect(path()).toBe("/admin/people?q=car");
    expect(new URL(server.sent("GET", "/api/v1/admin/people").at(-1)!.url).searchParams.get("q")).toBe("car");
  });

  it("approves a waiting account and shows the list again from the server", async () => {
    let approved = false;
    const server = fakeServer()
      .on("GET", "/api/v1/admin/people", () =>
        json({ items: [person({ username: "dan", status: approved ? "active" : "pending" })], next_cursor: null }),
      )
      .on("POST", "/api/v1/admin/people/dan/approve", () => {
        approved = true;
        return json(person({ username: "dan" })); // the person as they are now
      });
    const { user } = renderWithApp("/admin/people", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Approve dan" }));

    await waitFor(() => expect(within(row("dan")).getByText("Active")).toBeInTheDocument());
    expect(server.sent("POST", "/api/v1/admin/people/dan/approve")).toHaveLength(1);
  });

  it("shows the server's refusal at the row (the last admin)", async () => {
    fakeServer()
      .on("GET", "/api/v1/admin/people", () =>
        json({ items: [person({ username: "erin", is_admin: true }), person()], next_cursor: null }),
      )
      .on("DELETE", "/api/v1/admin/people/erin/admin", () =>
        json({ error: "conflict", message: "Erin is the last admin: make someone else an admin first." }, 409),
      );
    const { user } = renderWithApp("/admin/people", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Remove admin erin" }));

    expect(await within(row("erin")).findByRole("alert")).toHaveTextContent("the last admin");
    expect(within(row("bob")).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("asks before deleting, and deletes on confirmation", async () => {
    let deleted = false;
    const server = fakeServer()
      .on("GET", "/api/v1/admin/people", () => json({ items: deleted ? [] : [person()], next_cursor: null }))
      .on("DELETE", "/api/v1/admin/people/bob", () => {
        deleted = true;
        return noContent();
      });
    const { user } = renderWithApp("/admin/people", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Delete bob" }));
    await waitFor(() => expect(screen.getByText("Delete bob?").closest("p")).toHaveFocus());
    expect(server.sent("DELETE", "/api/v1/admin/people/bob")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Delete account" }));

    expect(await screen.findByRole("heading", { name: "Nobody here yet" })).toBeInTheDocument();
  });

  it("asks before disabling, and a refusal shows in the confirmation", async () => {
    fakeServer()
      .on("GET", "/api/v1/admin/people", () => json({ items: [person()], next_cursor: null }))
      .on("POST", "/api/v1/admin/people/bob/disable", () => refusal(403, "You can't disable this account."));
    const { user } = renderWithApp("/admin/people", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Disable bob" }));
    await user.click(screen.getByRole("button", { name: "Disable account" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("You can't disable this account.");
  });

  it("creates a reset link and shows it to copy, with when it stops working", async () => {
    fakeServer()
      .on("GET", "/api/v1/admin/people", () => json({ items: [person()], next_cursor: null }))
      .on("POST", "/api/v1/admin/people/bob/reset-link", () =>
        json({ url: "/reset/secret-token", expires_at: "2026-12-02T08:00:00Z" }, 201),
      );
    const { user } = renderWithApp("/admin/people", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Create reset link bob" }));

    const link = await screen.findByLabelText("Reset link for bob");
    expect(link).toHaveValue(`${window.location.origin}/reset/secret-token`);
    expect(link).toHaveAccessibleDescription(expect.stringMatching(/Valid until .*single use\. Pass it on by any channel/));
    await user.click(screen.getByRole("button", { name: "Copy reset link for bob" }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/reset/secret-token`);
    expect(screen.getByText("Copied.")).toBeInTheDocument();
  });
});
