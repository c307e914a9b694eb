// Helpers shared by activity renderers.
"use strict";

import { announce, el } from "../live.js";

// When each form last sent something, so the "Sent ✓" line outlives the redraw the sending causes.
const sentAt = new Map();
const SENT_SHOWN_MS = 6000;
// On a touch screen, focus back in the text box would pop the keyboard up over the answers.
const touchScreen = () => window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

/** An activity key ("2/casework-stages") made fit for element ids. */
/** The focus to `focusId` (scrolled to the top) once a redraw asked for now has happened: the
 * redraw waits for the next animation frame. */
export function focusAfterRedraw(focusId) {
  requestAnimationFrame(() => setTimeout(() => {
    const target = document.getElementById(focusId);
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }, 0));
}

export function slug(key) {
  return key.replace(/[^A-Za-z0-9]+/g, "-");
}

/** Words for screen readers only (which area or strategy a repeated label is about). */
export function visuallyHidden(text) {
  return el("span", { class: "visually-hidden", text });
}

/** A text box with a Send button; the text goes to the outbox and survives going offline. */
export function postForm({ label, placeholder = "", maxLength = 280, onSubmit, id }) {
  const inputId = id || `post-${Math.random().toString(36).slice(2)}`;
  const input = el("textarea", { id: inputId, maxlength: maxLength, rows: 2, placeholder });
  const form = el(
    "form",
    { class: "form", onsubmit: (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      sentAt.set(inputId, Date.now());
      onSubmit(text);
      input.value = "";
      announce("Sent. Add another if you like.");
      if (touchScreen()) input.blur();
      else input.focus();
    } },
    el("label", { for: inputId, text: label }),
    input,
    el("button", { type: "submit", class: "button button-primary button-wide", text: "Send" }),
    Date.now() - (sentAt.get(inputId) || 0) < SENT_SHOWN_MS ? el("p", { class: "sent-state", text: "Sent ✓ — add another?" }) : null,
  );
  return form;
}

/** A list of posts; pending ones (not yet acknowledged) are marked. */
export function postList(posts, { staff = false, controls = null, label = "Posts" } = {}) {
  return el(
    "ul",
    { class: "post-list", "aria-label": label },
    posts.map((post) =>
      el(
        "li",
        { class: [post.pending ? "pending" : "", post.hidden ? "hidden-post" : ""].join(" ").trim() || null, dataset: { post: post.id || "" } },
        el("span", { text: post.text }),
        post.pending ? el("span", { class: "saved-state unsaved", text: " · sending…" }) : null,
        staff && post.author ? el("small", { class: "muted", text: ` · ${post.author}` }) : null,
        post.hidden ? el("small", { text: " (hidden)" }) : null,
        controls ? controls(post) : null,
      ),
    ),
  );
}

export function upsertPost(posts, post) {
  const index = posts.findIndex((p) => p.id === post.id);
  if (index === -1) posts.push(post);
  else posts[index] = { ...posts[index], ...post };
}
