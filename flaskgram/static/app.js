// Progressive enhancement: every form works without this file; with it, likes don't
// reload the page, Enter posts a comment, menus close like menus, oversized uploads are
// caught before sending, and deletes ask first.
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
  // A busy flag, not button.disabled: disabling the focused button would drop the
  // keyboard user's focus to the top of the page.
  if (form.dataset.busy) return;
  form.dataset.busy = "true";
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
    delete form.dataset.busy;
  }
});

// In a comment box, Enter posts and Shift+Enter starts a new line (as in chat apps).
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
  if (!(box instanceof HTMLTextAreaElement) || !box.form?.matches("[data-enter-submits]")) {
    return;
  }
  event.preventDefault();
  box.form.requestSubmit(); // checks `required` and runs submit handlers like a click
});

// Menus (<details class="menu">) close on Escape, on a click outside and when focus
// leaves them; Escape gives focus back to the menu's button.
function closeMenu(menu, { refocus }) {
  if (!menu.open) return;
  menu.open = false;
  if (refocus) menu.querySelector("summary").focus();
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = event.target.closest?.("details.menu[open]");
  if (menu) closeMenu(menu, { refocus: true });
});

document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.menu[open]")) {
    if (menu.contains(event.target)) continue;
    // Focus was in the menu (or dropped to the page): put it back on the menu's button.
    const lost = menu.contains(document.activeElement) || document.activeElement === document.body;
    closeMenu(menu, { refocus: lost });
  }
});

document.addEventListener("focusout", (event) => {
  const menu = event.target.closest?.("details.menu[open]");
  if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) {
    closeMenu(menu, { refocus: false });
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
