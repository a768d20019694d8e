// Progressive enhancement: every form works without this file; with it, likes don't
// reload the page, oversized uploads are caught before sending, and deletes ask first.
"use strict";

function setLiked(form, liked, count) {
  form.action = liked ? form.dataset.unlikeUrl : form.dataset.likeUrl;
  form.querySelector(".like-button").setAttribute("aria-pressed", String(liked));
  const counter = form.closest("article")?.querySelector("[data-like-count]");
  if (counter) {
    counter.textContent = count.toLocaleString("en");
    counter.nextSibling.textContent = count === 1 ? " like" : " likes";
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.matches("[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (!form.matches("[data-like-form]")) return;
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const state = await response.json();
    setLiked(form, state.liked, state.like_count);
  } catch {
    form.submit(); // fall back to the plain form post
  } finally {
    button.disabled = false;
  }
});

document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) {
    return;
  }
  const file = input.files?.[0];
  const maxBytes = Number(input.dataset.maxBytes);
  const tooBig = file && file.size > maxBytes;
  const megabytes = Math.floor(maxBytes / 2 ** 20);
  input.setCustomValidity(tooBig ? `That file is too large (max ${megabytes} MB).` : "");
  input.reportValidity();
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("[data-upload-form]") && !form.checkValidity()) {
    event.preventDefault();
    form.reportValidity();
  }
});
