// The projector: step title, the transparency, the timer and live results. No controls.
"use strict";

import { connect, Countdown, el } from "./live.js";
import { KINDS } from "./kinds/index.js";
import { drawStaffActivity } from "./staffview.js";

const root = document.getElementById("projector");
const countdown = new Countdown(document.getElementById("timer"));
const content = document.getElementById("pj-content");
const join = document.getElementById("pj-join");
const handoutCache = new Map();

const live = connect("projector", Number(root.dataset.workshop), {
  render,
  activityEvent(activity, event) {
    const kind = KINDS[activity.kind];
    if (kind && kind.apply(activity, event, ctx)) draw(live.state);
  },
});
const ctx = { view: "projector", live, report: () => {} };

function render(state, why) {
  countdown.set(state.timer);
  if (why === "timer") return;
  draw(state);
}

async function handoutNode(url) {
  if (!handoutCache.has(url)) {
    const page = await fetch(url, { credentials: "same-origin" }).then((r) => r.text());
    const doc = new DOMParser().parseFromString(page, "text/html");
    handoutCache.set(url, doc.querySelector("article.handout"));
  }
  const article = handoutCache.get(url);
  return article ? document.importNode(article, true) : el("p", { text: "" });
}

async function draw(state) {
  const step = state.step;
  document.getElementById("pj-eyebrow").textContent = step
    ? `Module ${step.module} · Activity ${step.activity_number}: ${step.activity_title}`
    : state.workshop.title;
  document.getElementById("pj-title").textContent = state.workshop.state === "ended"
    ? "Thank you!"
    : step ? `Step ${step.number}: ${step.title}` : "Welcome";
  // Before the first step the join QR code fills the screen; afterwards it moves to the footer.
  join.hidden = Boolean(step) && state.workshop.state !== "planned";
  if (drawStaffActivity(content, state, ctx)) return;
  if (step && step.transparency) {
    const node = await handoutNode(step.transparency.url);
    if (live.state === state) content.replaceChildren(node);
    return;
  }
  content.replaceChildren();
}
