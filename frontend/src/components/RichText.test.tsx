import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";

import { RichText } from "./RichText";
import { splitRichText } from "./richText";

function renderText(text: string, known?: string[]) {
  return render(
    <MemoryRouter>
      <p data-testid="text">
        <RichText text={text} known={known} />
      </p>
    </MemoryRouter>,
  );
}

describe("RichText", () => {
  it("links @names to profiles and #tags to tag pages, the rest as typed", () => {
    renderText("Sunset with @Ada and @bob_2. #Golden hour #café\nsecond line");

    expect(screen.getByRole("link", { name: "@Ada" })).toHaveAttribute("href", "/u/ada");
    // A name can't end with a dot: the full stop stays text.
    expect(screen.getByRole("link", { name: "@bob_2" })).toHaveAttribute("href", "/u/bob_2");
    expect(screen.getByRole("link", { name: "#Golden" })).toHaveAttribute("href", "/tags/golden");
    expect(screen.getByRole("link", { name: "#café" })).toHaveAttribute("href", "/tags/caf%C3%A9");
    expect(screen.getByTestId("text")).toHaveTextContent("Sunset with @Ada and @bob_2. #Golden hour #cafésecond line");
    expect(screen.getByTestId("text").querySelector("br")).not.toBeNull();
  });

  it("leaves email addresses, entities and too-short names alone", () => {
    renderText("Mail ada@example.com, see &#39; and @ab or a#b");

    expect(screen.queryByRole("link")).not.toBeInTheDocument();
  });

  it("links only the names the server knows, when it says which", () => {
    renderText("Hi @ada and @nobody", ["ada"]);

    expect(screen.getByRole("link", { name: "@ada" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "@nobody" })).not.toBeInTheDocument();
    expect(screen.getByTestId("text")).toHaveTextContent("Hi @ada and @nobody");
  });

  it("keeps markup as text, in the words and in tags and names", () => {
    const attack = '<img src=x onerror="alert(1)"> #<script>alert(1)</script> @ada"><b>x</b>';
    renderText(attack);

    expect(screen.getByTestId("text")).toHaveTextContent(attack);
    expect(document.querySelector("img, script, b")).toBeNull();
    expect(screen.getByRole("link", { name: "@ada" })).toHaveAttribute("href", "/u/ada");
  });

  it("links at most 20 different names and 30 different tags, as the server counts them", () => {
    const names = Array.from({ length: 21 }, (_, i) => `@user${i}`).join(" ");
    const pieces = splitRichText(`${names} @user0`);
    const linked = pieces.filter((piece) => piece.kind === "mention");
    expect(linked).toHaveLength(21); // 20 names, and a repeat of the first
    expect(linked.some((piece) => piece.kind === "mention" && piece.username === "user20")).toBe(false);

    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(" ");
    expect(splitRichText(tags).filter((piece) => piece.kind === "tag")).toHaveLength(30);
  });
});
