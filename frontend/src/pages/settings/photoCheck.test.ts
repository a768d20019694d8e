import { describe, expect, it } from "vitest";

import { UPLOAD_MAX_BYTES } from "../../limits";
import { photoProblem } from "./photoCheck";

function file(name: string, type: string, size = 10): File {
  const made = new File(["x"], name, { type });
  Object.defineProperty(made, "size", { value: size });
  return made;
}

describe("photoProblem", () => {
  it.each([
    ["me.jpg", "image/jpeg"],
    ["me.png", "image/png"],
    ["me.webp", "image/webp"],
    ["me.gif", "image/gif"],
    ["me.heic", "image/heic"],
    ["me.HEIC", ""], // some systems give HEIC no type: its name is taken at its word
  ])("accepts %s (%s)", (name, type) => {
    expect(photoProblem(file(name, type))).toBeNull();
  });

  it.each([
    ["notes.txt", "text/plain"],
    ["drawing.svg", "image/svg+xml"],
    ["movie.mp4", "video/mp4"],
    ["mystery", ""],
  ])("refuses %s (%s) as not a photo", (name, type) => {
    expect(photoProblem(file(name, type))).toBe("Unsupported image type. Use JPEG, PNG, WebP or GIF.");
  });

  it("refuses an empty file", () => {
    expect(photoProblem(file("me.jpg", "image/jpeg", 0))).toBe(
      "That file is empty. Please choose a photo.",
    );
  });

  it("accepts a photo of exactly the limit and refuses one byte more", () => {
    expect(photoProblem(file("me.jpg", "image/jpeg", UPLOAD_MAX_BYTES))).toBeNull();
    expect(photoProblem(file("me.jpg", "image/jpeg", UPLOAD_MAX_BYTES + 1))).toBe(
      "That file is too large (max 15 MB).",
    );
  });
});
