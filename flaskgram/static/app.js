// Progressive enhancement: every form works without this file; with it, likes and saves
// don't reload the page, Enter posts a comment, menus close like menus, oversized uploads
// are caught before sending, deletes ask first, a post's photos slide smoothly, and a new
// post's photos are chosen at once and put in order with previews.
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

function setSaved(form, saved) {
  form.action = saved ? form.dataset.unsaveUrl : form.dataset.saveUrl;
  form.querySelector(".save-button").setAttribute("aria-pressed", String(saved));
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.matches("[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  const isLike = form.matches("[data-like-form]");
  if (!isLike && !form.matches("[data-save-form]")) return;
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
    if (isLike) setLiked(form, state.liked, state.like_count);
    else setSaved(form, state.saved);
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
  const maxBytes = Number(input.dataset.maxBytes);
  const tooBig = Array.from(input.files ?? []).find((file) => file.size > maxBytes);
  const megabytes = Math.floor(maxBytes / 2 ** 20);
  input.setCustomValidity(tooBig ? `${tooBig.name} is too large (max ${megabytes} MB).` : "");
  input.reportValidity();
});

// A post's photos (templates/_macros.html, carousel): the previous/next links and the
// dots are anchors that work alone; here they scroll the row without touching the page's
// address or scroll position, the dot of the photo in view is marked current, and only
// that photo's links are in the Tab order (the others are out of sight).
function setUpCarousel(carousel) {
  const track = carousel.querySelector("[data-carousel-track]");
  const slides = Array.from(track.children);
  const dots = Array.from(carousel.querySelectorAll("[data-carousel-dot]"));
  let current = 0;

  function show(index) {
    current = index;
    slides.forEach((slide, n) => {
      for (const link of slide.querySelectorAll("a")) {
        if (n === index) link.removeAttribute("tabindex");
        else link.setAttribute("tabindex", "-1");
      }
    });
    dots.forEach((dot, n) => dot.setAttribute("aria-current", String(n === index)));
  }

  function scrollToSlide(index) {
    const slide = slides[Math.max(0, Math.min(index, slides.length - 1))];
    track.scrollTo({ left: slide.offsetLeft - track.offsetLeft, behavior: "smooth" });
  }

  carousel.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link || !carousel.contains(link)) return;
    const target = slides.findIndex((slide) => `#${slide.id}` === link.getAttribute("href"));
    if (target < 0) return;
    event.preventDefault();
    const stepped = link.hasAttribute("data-carousel-step");
    scrollToSlide(target);
    show(target);
    // A keyboard user keeps their place: the same link on the photo now in view.
    if (stepped && document.activeElement === link) {
      const again = slides[target].querySelector(link.matches(".carousel-next") ? ".carousel-next" : ".carousel-previous");
      (again ?? slides[target].querySelector("a") ?? track).focus({ preventScroll: true });
    }
  });

  // Swipes, arrow keys and scrolling all end with a photo in view: follow it.
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.intersectionRatio >= 0.6) show(slides.indexOf(entry.target));
      }
    },
    { root: track, threshold: [0.6] },
  );
  slides.forEach((slide) => observer.observe(slide));
  show(current);
}

document.querySelectorAll("[data-carousel]").forEach(setUpCarousel);

// The new-post form: without this file, one row per photo (a file, its alt text and an
// Order menu). With it, one "Choose photos" button fills the rows, each chosen photo shows
// a preview with its alt text, and Move up / Move down / Remove put them in order. The
// rows stay the form's fields: moving a row moves its file with it, and each Order menu
// is set to where its row now is.
function setUpPhotoRows(fieldset) {
  const rows = Array.from(fieldset.querySelectorAll("[data-photo-row]"));
  const list = document.createElement("div");
  list.className = "photo-list";
  const firstFile = rows[0].querySelector("input[type=file]");
  const max = rows.length;

  const picker = document.createElement("div");
  picker.className = "photo-picker";
  const chooser = document.createElement("input");
  chooser.type = "file";
  chooser.multiple = true;
  chooser.id = "photo-chooser";
  chooser.accept = firstFile.accept;
  chooser.dataset.maxBytes = firstFile.dataset.maxBytes;
  chooser.setAttribute("aria-describedby", "image-hint photo-chooser-status");
  const label = document.createElement("label");
  label.htmlFor = chooser.id;
  label.textContent = `Choose photos (up to ${rows.length})`;
  const status = document.createElement("p");
  status.id = "photo-chooser-status";
  status.className = "hint";
  status.setAttribute("aria-live", "polite");
  picker.append(label, chooser, status);

  const fileOf = (row) => row.querySelector("input[type=file]");
  const inOrder = () => Array.from(list.children); // the rows as they are shown now
  const filled = () => inOrder().filter((row) => fileOf(row).files.length > 0);

  for (const row of rows) {
    row.querySelector("input[type=file]").closest(".field").hidden = true;
    row.querySelector("[data-photo-order]").hidden = true;
    const preview = document.createElement("img");
    preview.className = "photo-preview";
    preview.alt = "";
    preview.width = 64;
    preview.height = 64;
    const actions = document.createElement("div");
    actions.className = "photo-item-actions";
    for (const [action, text] of [["up", "Move up"], ["down", "Move down"], ["remove", "Remove"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.dataset.photoAction = action;
      button.textContent = text;
      actions.append(button);
    }
    row.classList.add("photo-item");
    row.prepend(preview);
    row.append(actions);
    list.append(row);
  }
  fieldset.querySelector(".more-photos")?.remove();
  fieldset.append(picker, list);

  function refresh() {
    const chosen = filled();
    // Chosen rows first, in their order; the empty ones after, out of sight.
    for (const row of [...chosen, ...inOrder().filter((row) => !chosen.includes(row))]) {
      list.append(row);
    }
    Array.from(list.children).forEach((row, n) => {
      row.querySelector("select[name=position]").value = String(n + 1);
      row.querySelector(".photo-row-title").textContent = `Photo ${n + 1}`;
      const file = fileOf(row).files[0];
      row.hidden = !file;
      const preview = row.querySelector(".photo-preview");
      if (file && preview.dataset.file !== file.name + file.size) {
        if (preview.src) URL.revokeObjectURL(preview.src);
        preview.src = URL.createObjectURL(file);
        preview.dataset.file = file.name + file.size;
      }
      row.querySelector("[data-photo-action=up]").disabled = n === 0;
      row.querySelector("[data-photo-action=down]").disabled = n === chosen.length - 1;
    });
    status.textContent = chosen.length
      ? `${chosen.length} of ${max} photos chosen.`
      : `Up to ${max} photos.`;
    chooser.value = "";
  }

  chooser.addEventListener("change", () => {
    const files = Array.from(chooser.files);
    const free = inOrder().filter((row) => fileOf(row).files.length === 0);
    const maxBytes = Number(chooser.dataset.maxBytes);
    const tooBig = files.find((file) => file.size > maxBytes);
    if (tooBig) {
      status.textContent = `${tooBig.name} is too large (max ${Math.floor(maxBytes / 2 ** 20)} MB): nothing was added.`;
      chooser.value = "";
      return;
    }
    if (files.length > free.length) {
      status.textContent = `A post holds at most ${max} photos: you chose ${files.length}, and ${free.length} more fit.`;
      chooser.value = "";
      return;
    }
    files.forEach((file, n) => {
      const transfer = new DataTransfer();
      transfer.items.add(file);
      fileOf(free[n]).files = transfer.files;
    });
    refresh();
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-photo-action]");
    if (!button) return;
    const row = button.closest("[data-photo-row]");
    const action = button.dataset.photoAction;
    if (action === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (action === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else if (action === "remove") {
      fileOf(row).value = "";
      row.querySelector("input[name=alt_text]").value = "";
      list.append(row);
    }
    const before = filled();
    refresh();
    // Focus stays with the photo that moved, or goes to the chooser when it left.
    const again = before.includes(row) ? row.querySelector(`[data-photo-action=${action}]`) : null;
    const fallback =
      action === "remove" ? chooser : row.querySelector("[data-photo-action]:not(:disabled)");
    (again && !again.disabled ? again : fallback)?.focus();
  });

  refresh();
}

document.querySelectorAll("[data-photo-rows]").forEach(setUpPhotoRows);

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("[data-upload-form]") && !form.checkValidity()) {
    event.preventDefault();
    form.reportValidity();
  }
});

// The notifications page marks what it shows as read, with the page's own form (a POST
// with its CSRF token; a GET never changes anything), then takes the badge away.
async function markShownRead(form) {
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return; // the button still works
    const state = await response.json();
    if (state.unread_notifications === 0) {
      document.querySelectorAll("[data-unread-badge]").forEach((badge) => badge.remove());
      form.hidden = true;
    }
  } catch {
    // Offline: the button still works.
  }
}

const markReadForm = document.querySelector("form[data-mark-read]");
if (markReadForm) markShownRead(markReadForm);
