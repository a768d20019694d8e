import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fakeServer, json } from "../../test/fakeServer";
import { makeMe } from "../../test/people";
import { renderWithApp } from "../../test/renderWithApp";

const admin = makeMe({ username: "alice", is_admin: true });

describe("The admin area", () => {
  it("is not there for someone who isn't an admin, and their menu has no Admin", async () => {
    const server = fakeServer();
    const { user } = renderWithApp("/admin/people", { me: makeMe({ is_admin: false }) });

    expect(screen.getByRole("heading", { name: "This page isn't here" })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.url.includes("/admin/"))).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: /account menu/i }));
    expect(screen.queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
  });

  it("is in an admin's account menu", async () => {
    fakeServer().on("GET", "/api/v1/admin/registration", () => json({ mode: "open" }));
    const { user, path } = renderWithApp("/", { me: admin });

    await user.click(screen.getByRole("button", { name: /account menu/i }));
    await user.click(screen.getByRole("link", { name: "Admin" }));

    expect(path()).toBe("/admin");
  });

  it("changes the registration mode, recommending invitations", async () => {
    const server = fakeServer()
      .on("GET", "/api/v1/admin/registration", () => json({ mode: "open" }))
      .on("PUT", "/api/v1/admin/registration", async (request) => json(await request.json()));
    const { user } = renderWithApp("/admin", { me: admin });

    expect(await screen.findByRole("radio", { name: /^Open/ })).toBeChecked();
    expect(screen.getByText(/Running Flaskgram for your family or a club/)).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: /^By invitation/ }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await server.sent("PUT", "/api/v1/admin/registration")[0]!.json()).toEqual({ mode: "invitation" });
    expect(screen.getByRole("radio", { name: /^By invitation/ })).toBeChecked();
  });

  it("pages through the log", async () => {
    const entry = (n: number) => ({
      actor: "alice",
      action: n === 1 ? "disable" : "some_new_thing",
      subject: `user${n}`,
      detail: "",
      created_at: "2026-11-30T10:00:00Z",
    });
    const server = fakeServer().on("GET", "/api/v1/admin/log", (_, url) =>
      url.searchParams.get("before")
        ? json({ items: [entry(2)], next_cursor: null })
        : json({ items: [entry(1)], next_cursor: "c-1" }),
    );
    const { user } = renderWithApp("/admin/log", { me: admin });

    expect((await screen.findByText("user1")).parentElement).toHaveTextContent("alice disabled user1");
    await user.click(screen.getByRole("button", { name: /Load more/ }));

    expect((await screen.findByText("user2")).parentElement).toHaveTextContent("alice some new thing user2");
    expect(new URL(server.sent("GET", "/api/v1/admin/log")[1]!.url).searchParams.get("before")).toBe("c-1");
  });
});
