import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, onTestFinished } from "vitest";

import { UPLOAD_MAX_BYTES } from "../../limits";
import { fakeServer, json, refusal } from "../../test/fakeServer";
import { makeMe } from "../../test/people";
import { renderWithApp } from "../../test/renderWithApp";

const me = makeMe({ username: "alice", display_name: "Alice", bio: "" });

function photo(name: string, type: string, size?: number): File {
  const file = new File(["not really a picture"], name, { type });
  if (size !== undefined) Object.defineProperty(file, "size", { value: size });
  return file;
}

/** jsdom has no object URLs: the preview gets a made-up one. */
function stubPreviews() {
  const url = URL as unknown as Record<string, unknown>;
  url.createObjectURL = () => "blob:preview";
  url.revokeObjectURL = () => {};
  onTestFinished(() => {
    delete url.createObjectURL;
    delete url.revokeObjectURL;
  });
}

describe("ProfileSettingsPage", () => {
  it("refuses a file that isn't a photo before sending anything", async () => {
    const server = fakeServer();
    // A person can pick "All files" in the dialog, whatever the input's accept says.
    const { user } = renderWithApp("/settings/profile", { me, userOptions: { applyAccept: false } });

    const input = screen.getByLabelText("Profile photo");
    await user.upload(input, photo("notes.txt", "text/plain"));

    expect(input).toHaveAccessibleDescription(expect.stringContaining("Unsupported image type"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(server.requests).toHaveLength(0);
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
  });

  it("refuses a photo over the size limit before sending it", async () => {
    const server = fakeServer();
    const { user } = renderWithApp("/settings/profile", { me });

    const input = screen.getByLabelText("Profile photo");
    await user.upload(input, photo("huge.jpg", "image/jpeg", UPLOAD_MAX_BYTES + 1));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(input).toHaveAccessibleDescription(
      expect.stringContaining("That file is too large (max 15 MB)."),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("previews a chosen photo, uploads it as multipart and updates the top bar", async () => {
    stubPreviews();
    const withAvatar = {
      ...me,
      avatar: { url: "/api/v1/images/av.jpg", thumbnail_url: "/api/v1/images/av_640.jpg" },
    };
    const server = fakeServer().on("PUT", "/api/v1/me/avatar", () => json(withAvatar));
    const { user, auth } = renderWithApp("/settings/profile", { me });

    await user.upload(screen.getByLabelText("Profile photo"), photo("me.png", "image/png"));
    expect(screen.getByRole("img", { name: /new profile photo/ })).toHaveAttribute(
      "src",
      "blob:preview",
    );
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Profile saved.");
    const [sent] = server.sent("PUT", "/api/v1/me/avatar");
    expect(sent!.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    const file = (await sent!.formData()).get("avatar");
    // jsdom's File reaches Node's fetch without its name or bytes; a browser sends both.
    expect(file).toHaveProperty("type", "image/png");
    expect(auth.setMe).toHaveBeenCalledWith(withAvatar);
    const menu = screen.getByRole("button", { name: /account menu/i });
    expect(menu.querySelector("img")).toHaveAttribute("src", "/api/v1/images/av_640.jpg");
    expect(server.sent("PATCH", "/api/v1/me")).toHaveLength(0); // the words didn't change
  });

  it("shows the server's refusal of a photo at the photo field", async () => {
    stubPreviews();
    fakeServer().on("PUT", "/api/v1/me/avatar", () =>
      refusal(400, "That image file is damaged or incomplete. Please try another."),
    );
    const { user } = renderWithApp("/settings/profile", { me });

    const input = screen.getByLabelText("Profile photo");
    await user.upload(input, photo("broken.jpg", "image/jpeg"));
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(input).toHaveAccessibleDescription(expect.stringContaining("damaged")));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("saves the name and bio, showing them as the server kept them", async () => {
    const server = fakeServer().on("PATCH", "/api/v1/me", () =>
      json({ ...me, display_name: "Alice A.", bio: "Hello there" }),
    );
    const { user, auth } = renderWithApp("/settings/profile", { me });

    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "Alice A.");
    await user.type(screen.getByLabelText("Bio"), "  Hello there  ");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Profile saved.");
    const [sent] = server.sent("PATCH", "/api/v1/me");
    expect(await sent!.json()).toEqual({ display_name: "Alice A.", bio: "  Hello there  " });
    expect(screen.getByLabelText("Bio")).toHaveValue("Hello there");
    expect(auth.setMe).toHaveBeenCalledWith(expect.objectContaining({ display_name: "Alice A." }));
  });

  it("shows a refused bio at its field and keeps what was typed", async () => {
    fakeServer().on("PATCH", "/api/v1/me", () =>
      refusal(400, "Some fields are not valid.", {
        bio: "The bio can be at most 150 characters (you have 151).",
      }),
    );
    const { user } = renderWithApp("/settings/profile", { me });

    const bio = screen.getByLabelText("Bio");
    await user.type(bio, "x".repeat(151));
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(bio).toHaveAccessibleDescription(expect.stringContaining("at most 150")));
    expect(bio).toHaveValue("x".repeat(151));
    expect(
      within(screen.getByRole("navigation", { name: "Settings" })).getByRole("link", {
        name: "Profile",
      }),
    ).toHaveAttribute("aria-current", "page");
  });
});
