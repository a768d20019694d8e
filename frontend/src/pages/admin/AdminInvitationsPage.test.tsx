import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Invitation } from "../../api/types";
import { fakeServer, json, noContent, refusal } from "../../test/fakeServer";
import { makeMe } from "../../test/people";
import { renderWithApp } from "../../test/renderWithApp";

const admin = makeMe({ username: "alice", is_admin: true });

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 1,
    note: "Grandparents",
    max_uses: 2,
    uses: 1,
    expires_at: "2099-01-01T00:00:00Z",
    created_by: "alice",
    revoked: false,
    used_by: ["grandpa"],
    ...overrides,
  };
}

describe("AdminInvitationsPage", () => {
  it("lists invitations with their uses and who used them", async () => {
    fakeServer().on("GET", "/api/v1/admin/invitations", () =>
      json({ items: [invitation(), invitation({ id: 2, note: "Old", revoked: true, used_by: [] })], next_cursor: null }),
    );
    renderWithApp("/admin/invitations", { me: admin });

    const list = await screen.findByRole("list", { name: "Invitations" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("Used 1 of 2: grandpa");
    expect(within(first!).getByRole("button", { name: "Revoke Grandparents" })).toBeInTheDocument();
    expect(within(second!).getByText("Revoked")).toBeInTheDocument();
    expect(within(second!).queryByRole("button")).not.toBeInTheDocument();
  });

  it("creates an invitation and shows its link once", async () => {
    let made: Invitation[] = [];
    const server = fakeServer()
      .on("GET", "/api/v1/admin/invitations", () => json({ items: made, next_cursor: null }))
      .on("POST", "/api/v1/admin/invitations", () => {
        made = [invitation({ id: 9, note: "Cousins", max_uses: 5, uses: 0, used_by: [] })];
        return json({ ...made[0], url: "/invite/the-secret" }, 201);
      });
    const { user } = renderWithApp("/admin/invitations", { me: admin });

    expect(await screen.findByRole("heading", { name: "No invitations yet" })).toBeInTheDocument();
    const uses = screen.getByLabelText("How many people can use it");
    await user.clear(uses);
    await user.type(uses, "5");
    const days = screen.getByLabelText("Days until it expires");
    await user.clear(days);
    await user.type(days, "14");
    await user.type(screen.getByLabelText("Note"), "Cousins");
    await user.click(screen.getByRole("button", { name: "Create invitation link" }));

    const link = await screen.findByLabelText("Invitation link");
    expect(link).toHaveValue(`${window.location.origin}/invite/the-secret`);
    expect(link).toHaveAccessibleDescription(expect.stringContaining("it is shown only once"));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Invitation created" })).toHaveFocus());
    expect(await server.sent("POST", "/api/v1/admin/invitations")[0]!.json()).toEqual({
      max_uses: 5,
      expires_in_days: 14,
      note: "Cousins",
    });
    // The list shows it without its link; once dismissed, the link is gone for good.
    const list = await screen.findByRole("list", { name: "Invitations" });
    expect(within(list).getByText("Cousins")).toBeInTheDocument();
    expect(within(list).queryByText(/the-secret/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(/the-secret/)).not.toBeInTheDocument();
  });

  it("shows a refused field at the field, keeping what was typed", async () => {
    fakeServer()
      .on("GET", "/api/v1/admin/invitations", () => json({ items: [], next_cursor: null }))
      .on("POST", "/api/v1/admin/invitations", () =>
        refusal(400, "Some fields are not valid.", { expires_in_days: "Choose between 1 and 30 days." }),
      );
    const { user } = renderWithApp("/admin/invitations", { me: admin });

    const days = await screen.findByLabelText("Days until it expires");
    await user.clear(days);
    await user.type(days, "90");
    await user.type(screen.getByLabelText("Note"), "Everyone");
    await user.click(screen.getByRole("button", { name: "Create invitation link" }));

    await waitFor(() => expect(days).toHaveAccessibleDescription("Choose between 1 and 30 days."));
    expect(days).toHaveValue(90);
    expect(screen.getByLabelText("Note")).toHaveValue("Everyone");
  });

  it("revokes an invitation", async () => {
    let revoked = false;
    const server = fakeServer()
      .on("GET", "/api/v1/admin/invitations", () => json({ items: [invitation({ revoked })], next_cursor: null }))
      .on("DELETE", "/api/v1/admin/invitations/1", () => {
        revoked = true;
        return noContent();
      });
    const { user } = renderWithApp("/admin/invitations", { me: admin });

    await user.click(await screen.findByRole("button", { name: "Revoke Grandparents" }));

    expect(await screen.findByText("Revoked")).toBeInTheDocument();
    expect(server.sent("DELETE", "/api/v1/admin/invitations/1")).toHaveLength(1);
  });
});
