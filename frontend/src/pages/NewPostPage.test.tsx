import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { makePost } from "../test/factories";
import { json, later, mockServer, problem } from "../test/fetch";
import { renderPage } from "../test/render";
import { NewPostPage } from "./NewPostPage";

const MB = 1024 * 1024;

beforeEach(() => {
  // jsdom has no object URLs; the preview only needs one to exist and be let go.
  vi.spyOn(URL, "createObjectURL").mockImplementation(() => "blob:preview");
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function photo(name: string, type: string, size = 2048): File {
  const file = new File(["not really a photo"], name, { type });
  Object.defineProperty(file, "size", { value: size }); // no need to fill 15 MB
  return file;
}

function renderNewPost() {
  // applyAccept off: a person can pick any file in the dialog ("All files"), so may we.
  return renderPage(<NewPostPage />, { path: "/posts/new", userOptions: { applyAccept: false } });
}

describe("NewPostPage: checking the photo before sending", () => {
  it.each([
    ["too big", photo("huge.jpg", "image/jpeg", 15 * MB + 1), "That file is too large (max 15 MB)."],
    ["a PDF", photo("menu.pdf", "application/pdf"), "That file type isn't supported. Use JPEG, PNG, WebP or GIF."],
    ["a HEIC", photo("IMG_0001.heic", "image/heic"), "That file type isn't supported. Use JPEG, PNG, WebP or GIF."],
    ["empty", photo("empty.png", "image/png", 0), "That file is empty. Please choose another."],
  ])("refuses a file that is %s, without a request", async (_what, file, message) => {
    const server = mockServer({});
    const { user } = renderNewPost();
    const input = screen.getByLabelText("Photos");
    expect(input).toHaveAttribute("accept", "image/jpeg,image/png,image/webp,image/gif");

    await user.upload(input, file);

    expect(screen.getByText(message)).toBeInTheDocument();
    expect(input).toHaveAccessibleDescription(`Up to 10 photos, in the order you choose below. JPEG, PNG, WebP or GIF, up to 15 MB. ${message}`);
    expect(screen.queryByRole("img", { name: /Preview/ })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText("Caption"), "My caption");
    await user.click(screen.getByRole("button", { name: "Share" }));

    expect(server.fetchMock).not.toHaveBeenCalled();
    expect(input).toHaveFocus();
    expect(screen.getByLabelText("Caption")).toHaveValue("My caption");
  });

  it("accepts a file with no type by its name, and previews it", async () => {
    mockServer({});
    const { user, unmount } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), photo("scan.JPG", ""));

    expect(screen.getByRole("img", { name: "Preview of photo 1" })).toHaveAttribute("src", "blob:preview");
    expect(screen.getByLabelText("Photos")).not.toHaveAttribute("aria-invalid");
    unmount();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:preview");
  });

  it("lets the previous preview go when another file is chosen", async () => {
    mockServer({});
    vi.mocked(URL.createObjectURL).mockReturnValueOnce("blob:first").mockReturnValueOnce("blob:second");
    const { user } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), photo("one.png", "image/png"));
    await user.upload(screen.getByLabelText("Photos"), photo("two.png", "image/png"));

    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:first");
    expect(URL.revokeObjectURL).not.toHaveBeenCalledWith("blob:second");
    expect(screen.getByRole("img", { name: /Preview/ })).toHaveAttribute("src", "blob:second");
  });

  it("asks for a photo when none was chosen", async () => {
    const server = mockServer({});
    const { user } = renderNewPost();

    await user.click(screen.getByRole("button", { name: "Share" }));

    expect(screen.getByText("Choose a photo to share.")).toBeInTheDocument();
    expect(server.fetchMock).not.toHaveBeenCalled();
  });
});

describe("NewPostPage: sending", () => {
  it("sends the photo as multipart and goes to the new post", async () => {
    const answer = later<Response>();
    const server = mockServer({ "POST /api/v1/posts": () => answer.promise });
    // jsdom's File loses its name and bytes on the way into Node's Request (a test-only
    // gap), so the file part is checked where the client hands it to FormData.
    const append = vi.spyOn(FormData.prototype, "append");
    const beach = photo("beach.webp", "image/webp");
    const { user } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), beach);
    await user.type(screen.getByLabelText("Caption"), "Beach day");
    await user.type(screen.getByLabelText("Alt text for photo 1"), "Waves on sand");
    await user.click(screen.getByRole("button", { name: "Share" }));

    const sending = screen.getByRole("button", { name: "Sharing…" });
    expect(sending).toBeDisabled();
    const [request] = server.requestsTo("POST /api/v1/posts");
    expect(request!.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request!.formData();
    expect([...form.keys()].sort()).toEqual(["alt_text", "caption", "image"]);
    expect(form.get("caption")).toBe("Beach day");
    expect(form.get("alt_text")).toBe("Waves on sand");
    expect(form.get("image")).toMatchObject({ type: "image/webp" });
    expect(append).toHaveBeenCalledWith("image", beach, "beach.webp");

    answer.resolve(json(makePost({ id: 77 }), 201));

    expect(await screen.findByTestId("location")).toHaveTextContent("/p/77");
  });

  it("sends a photo address as JSON", async () => {
    const server = mockServer({ "POST /api/v1/posts": () => json(makePost({ id: 78 }), 201) });
    const { user } = renderNewPost();

    await user.click(screen.getByRole("radio", { name: "At a web address" }));
    await user.type(screen.getByLabelText("Image address (https://)"), "https://images.example.com/kite.jpg");
    await user.click(screen.getByRole("button", { name: "Share" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/p/78");
    const [request] = server.requestsTo("POST /api/v1/posts");
    expect(await request!.json()).toEqual({
      image_url: "https://images.example.com/kite.jpg",
      caption: "",
      alt_text: "",
    });
  });

  it("refuses an address that isn't https before sending", async () => {
    const server = mockServer({});
    const { user } = renderNewPost();

    await user.click(screen.getByRole("radio", { name: "At a web address" }));
    await user.type(screen.getByLabelText("Image address (https://)"), "http://example.com/a.jpg");
    await user.click(screen.getByRole("button", { name: "Share" }));

    expect(screen.getByText("Use an https:// image address.")).toBeInTheDocument();
    expect(server.fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's field messages next to their fields, keeping what was typed", async () => {
    mockServer({
      "POST /api/v1/posts": () =>
        problem(400, "Some fields are not valid.", {
          caption: "The caption can be at most 2,200 characters (you have 2,301).",
          image: "That file isn't an image we can read.",
        }),
    });
    const { user } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), photo("odd.gif", "image/gif"));
    await user.type(screen.getByLabelText("Caption"), "A very long caption");
    await user.type(screen.getByLabelText("Alt text for photo 1"), "Something");
    await user.click(screen.getByRole("button", { name: "Share" }));

    const caption = screen.getByLabelText("Caption");
    await waitFor(() =>
      expect(caption).toHaveAccessibleDescription("The caption can be at most 2,200 characters (you have 2,301)."),
    );
    expect(caption).toHaveValue("A very long caption");
    expect(caption).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Alt text for photo 1")).toHaveValue("Something");
    expect(screen.getByText("That file isn't an image we can read.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Share" })).toBeEnabled();
    expect(screen.getByLabelText("Photos")).toHaveFocus(); // the first field to fix
  });

  it("puts a 413 at the photo, and other failures above the form", async () => {
    let calls = 0;
    mockServer({
      "POST /api/v1/posts": () =>
        ++calls === 1 ? problem(413, "Request too large.") : problem(507, "The server is out of space for photos."),
    });
    const { user } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), photo("big.png", "image/png"));
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByText("That file is too large (max 15 MB).")).toBeInTheDocument();

    await user.upload(screen.getByLabelText("Photos"), photo("smaller.png", "image/png"));
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The server is out of space for photos.");
  });
});

describe("NewPostPage: several photos", () => {
  it("sends the photos and their alt texts in the order chosen", async () => {
    const server = mockServer({ "POST /api/v1/posts": () => json(makePost({ id: 80 }), 201) });
    const append = vi.spyOn(FormData.prototype, "append");
    const one = photo("one.jpg", "image/jpeg");
    const two = photo("two.png", "image/png");
    const three = photo("three.gif", "image/gif");
    const { user } = renderNewPost();

    await user.upload(screen.getByLabelText("Photos"), [one, two, three]);
    await user.type(screen.getByLabelText("Alt text for photo 1"), "One");
    await user.type(screen.getByLabelText("Alt text for photo 3"), "Three");
    // Three goes first, then one goes after two: three, two, one.
    await user.click(screen.getByRole("button", { name: /Move earlier\W*photo 3/ }));
    await user.click(screen.getByRole("button", { name: /Move earlier\W*photo 2/ }));
    await user.click(screen.getByRole("button", { name: /Move later\W*photo 2/ }));
    expect(screen.getByLabelText("Alt text for photo 1")).toHaveValue("Three");
    expect(screen.getByLabelText("Alt text for photo 3")).toHaveValue("One");
    await user.click(screen.getByRole("button", { name: "Share" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/p/80");
    const parts = append.mock.calls.filter(([name]) => name === "image" || name === "alt_text");
    expect(parts.map(([name, value]) => [name, value instanceof File ? value.name : value])).toEqual([
      ["image", "three.gif"],
      ["alt_text", "Three"],
      ["image", "two.png"],
      ["alt_text", ""],
      ["image", "one.jpg"],
      ["alt_text", "One"],
    ]);
    expect(server.requestsTo("POST /api/v1/posts")).toHaveLength(1);
  });

  it("refuses 11 photos at the field, without a request", async () => {
    const server = mockServer({});
    const { user } = renderNewPost();
    const files = Array.from({ length: 11 }, (_, index) => photo(`p${index}.jpg`, "image/jpeg"));
    const input = screen.getByLabelText("Photos");

    await user.upload(input, files);

    expect(screen.getByText("You chose 11 photos: a post can have up to 10.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Chosen photos" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(server.fetchMock).not.toHaveBeenCalled();
    expect(input).toHaveFocus();
  });
});
