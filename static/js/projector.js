// The projector: step title, the transparency, the timer and live results. No controls.
"use strict";

import { connect, Countdown, el } from "./live.js";
import { KINDS } from "./kinds/index.js";
import { drawStaffActivity } from "./staffview.js";

const root = document.getElementById("projector");
const countdown = new Countdown(document.getElementById("timer"), { showLabel: false });
const content = document.getElementById("pj-content");
const join = document.getElementById("pj-join");
const handoutCache = new Map();

const live = connect("projector", Number(root.dataset.workshop), {
  render,
  answered: () => drawAnswered(live.state),
  activityEvent(activity, event) {
    const kind = KINDS[activity.kind];
    if (kind && kind.apply(activity, event, ctx)) draw(live.state);
  },
});
const ctx = { view: "projector", live, report: () => {} };

/**
 * Shrink the live content until the page fits the screen without scrolling: nobody can scroll a
 * projector. Zoom changes how text wraps, so search for the largest zoom that fits (never below 30 %).
 */
function fitToScreen() {
  const fits = () => document.documentElement.scrollHeight <= window.innerHeight;
  content.style.zoom = "";
  root.classList.remove("tight");
  let best = 1;
  if (!fits()) {
    // A long transparency: the footer's join QR code shrinks first (it stays: late joiners scan it).
    root.classList.add("tight");
    let [low, high] = [0.3, 1];
    for (let tries = 0; tries < 8; tries += 1) {
      const middle = (low + high) / 2;
      content.style.zoom = String(middle);
      if (fits()) low = middle;
      else high = middle;
    }
    best = low;
    content.style.zoom = String(best);
  }
  content.dataset.zoom = best.toFixed(2);
}
let fitQueued = false;
function fitSoon() {
  if (fitQueued) return;
  fitQueued = true;
  // A timeout, not an animation frame: Chromium holds frames back for a page that is not painting
  // (a projector window behind another), and the layout must be right when it is shown.
  setTimeout(() => {
    fitQueued = false;
    fitToScreen();
  }, 0);
}
window.addEventListener("resize", fitSoon);

function render(state, why) {
  countdown.set(state.timer);
  if (why === "timer") return fitSoon(); // the timer shows or hides in the header
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

/** The heading: the step's short title, its long title above it (or the activity's). */
function drawTitle(state) {
  const step = state.step;
  const activity = state.activity;
  const title = document.getElementById("pj-title");
  // The knowledge check and the evaluation are opened from any step: the room sees what it answers.
  if (activity && activity.of_the_day && state.workshop.state !== "ended") {
    document.getElementById("pj-eyebrow").textContent = activity.of_the_day;
    title.textContent = activity.title;
    title.classList.toggle("long", title.textContent.length > 70);
    return;
  }
  // A breakout's report-back is titled after its own step, even before the trainer moves on to it.
  const reporting = activity && activity.next_step && step && step.key === activity.step_key
    && activity.state && ["report", "debrief"].includes(activity.state.phase);
  const shown = reporting ? activity.next_step : step;
  const long = step && step.short_title !== step.title && !reporting ? step.title : step ? step.activity_title : "";
  document.getElementById("pj-eyebrow").textContent = step
    ? `Module ${step.module} · Activity ${step.activity_number}${long ? `: ${long}` : ""}`
    : state.workshop.title;
  title.textContent = state.workshop.state === "ended"
    ? "Thank you!"
    : shown ? `Step ${shown.number}: ${shown.short_title || shown.title}` : "Welcome";
  title.classList.toggle("long", title.textContent.length > 70);
}

/** How many answered the open activity: the room sees its own response count. */
function drawAnswered(state) {
  const node = document.getElementById("pj-answered");
  const answered = state.activity && state.activity.answered;
  node.hidden = !answered || !answered.of || !join.hidden;
  if (answered) node.textContent = `${answered.count} of ${answered.of} answered`;
}

// New posts get a short highlight when they arrive (a still one under prefers-reduced-motion).
const ARRIVAL_MS = 4000;
const firstSeen = new Map();
let drawnOnce = false;
function markArrivals() {
  const now = Date.now();
  for (const node of content.querySelectorAll("[data-post]")) {
    const id = node.dataset.post;
    if (!id) continue;
    if (!firstSeen.has(id)) firstSeen.set(id, drawnOnce ? now : 0);
    const age = now - firstSeen.get(id);
    if (age < ARRIVAL_MS) {
      node.classList.add("arrived");
      setTimeout(() => node.classList.remove("arrived"), ARRIVAL_MS - age);
    }
  }
  drawnOnce = true;
}

async function draw(state) {
  const step = state.step;
  drawTitle(state);
  // Before the first step the join QR code fills the screen, and again when the trainer asks for it
  // (late joiners); otherwise a small one stays in the footer.
  join.hidden = Boolean(step) && state.workshop.state !== "planned" && !state.workshop.join_slide;
  drawAnswered(state);
  document.getElementById("pj-join-small").hidden = !join.hidden || state.workshop.state === "ended";
  content.hidden = !join.hidden && Boolean(step);
  if (drawStaffActivity(content, state, ctx)) {
    // The heading says it already (the day's own activities are titled after themselves).
    const repeated = content.querySelector("h2");
    if (repeated && repeated.textContent === document.getElementById("pj-title").textContent) repeated.hidden = true;
    markArrivals();
    return fitSoon();
  }
  if (step && step.transparency) {
    const node = await handoutNode(step.transparency.url);
    if (live.state === state) content.replaceChildren(node);
    return fitSoon();
  }
  content.replaceChildren();
  fitSoon();
}
