import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Image } from "../api/types";
import { makePost } from "../test/factories";
import { mockServer } from "../test/fetch";
import { renderPage } from "../test/render";
import { PostCard } from "./PostCard";
import { PostImages } from "./PostImages";

afterEach(() => {
  vi.unstubAllGlobals();
});

function image(position: number, overrides: Partial<Image> = {}): Image {
  return {
    position,
    url: `/api/v1/images/p${position}.jpg`,
    thumbnail_url: `/api/v1/images/p${position}_640.jpg`,
    width: 1080,
    height: 1350,
    alt_text: "",
    original_url: null,
    ...overrides,
  };
}

const threePhotos = makePost({
  id: 9,
  images: [image(1, { alt_text: "A harbour" }), image(2), image(3, { original_url: "/api/v1/posts/9/originals/3" })],
});

describe("PostImages: a carousel of a post's photos", () => {
  it("shows every photo, the first at once and the others lazily, each with its size and alt text", () => {
    mockServer({});
    renderPage(<PostImages post={threePhotos} all />);

    const track = screen.getByRole("list", { name: /^3 photos/ });
    expect(track).toHaveAttribute("tabindex", "0");
    const images = within(track).getAllByRole("img");
    expect(images.map((img) => img.getAttribute("alt"))).toEqual([
      "A harbour",
      "Photo 2 of 3 by @alice",
      "Photo 3 of 3 by @alice",
    ]);
    expect(images.map((img) => img.getAttribute("loading"))).toEqual([null, "lazy", "lazy"]);
    expect(images[1]).toHaveAttribute("width", "1080");
    expect(images[1]).toHaveAttribute("height", "1350");
  });

  it("moves between the photos with the buttons, the dots and the arrow keys", async () => {
    mockServer({});
    const { user } = renderPage(<PostImages post={threePhotos} all />);
    const dots = within(screen.getByRole("list", { name: "Photos" })).getAllByRole("button");
    const current = () => dots.findIndex((dot) => dot.getAttribute("aria-current") === "true");

    expect(current()).toBe(0);
    expect(screen.queryByRole("button", { name: "Previous photo" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Next photo" }));
    expect(current()).toBe(1);
    await user.click(screen.getByRole("button", { name: "Next photo" }));
    expect(current()).toBe(2);
    expect(screen.queryByRole("button", { name: "Next photo" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Previous photo" }));
    expect(current()).toBe(1);
    await user.click(screen.getByRole("button", { name: "Photo 1 of 3" }));
    expect(current()).toBe(0);

    screen.getByRole("list", { name: /^3 photos/ }).focus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(current()).toBe(2);
    await user.keyboard("{ArrowLeft}");
    expect(current()).toBe(1);
  });

  it("shows a single photo as it is, without a carousel", () => {
    mockServer({});
    renderPage(<PostImages post={makePost({ id: 10 })} all />);
    expect(screen.getByRole("img", { name: "Photo by @alice" })).not.toHaveAttribute("loading");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("in a feed card, shows the first photo with a mark saying how many", () => {
    mockServer({});
    renderPage(<PostCard post={threePhotos} />);
    expect(screen.getByRole("link", { name: "A harbour, 3 photos" })).toHaveAttribute("href", "/p/9");
    expect(screen.getAllByRole("img")).toHaveLength(1);
  });

  it("offers each kept original for download on the post's page", () => {
    mockServer({});
    renderPage(<PostCard post={threePhotos} onPage />);
    const download = screen.getByRole("link", { name: "Download the original of photo 3" });
    expect(download).toHaveAttribute("href", "/api/v1/posts/9/originals/3");
    expect(download).toHaveAttribute("download");
    expect(screen.queryByRole("link", { name: /original of photo 1/ })).not.toBeInTheDocument();
  });
});
