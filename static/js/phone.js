// The participant's phone: the current step and the open activity, hosted by phonehost.js (the
// outbox that keeps every contribution until the server has acknowledged it).
"use strict";

import { announce, Countdown, el, redrawKeeping } from "./live.js";
import { KINDS, loadKind } from "./kinds/index.js";
import { hostPhone } from "./phonehost.js";
import { keepFormDrafts } from "./autosave.js";

const root = document.getElementById("phone");
const countdown = new Countdown(document.getElementById("timer"), { onWarning: (words) => announce(`Timer: ${words}.`) });
const activityNode = document.getElementById("activity");
// Half-typed answers, posts and breakout items survive a reload (plans and notes autosave).
const restoreDrafts = keepFormDrafts(activityNode, `workshop-drafts-v1-${root.dataset.participant}`);

const { live, ctx, kindLoaded } = hostPhone({
  root,
  shown() {
    const activity = live.state && live.state.activity;
    return activity ? { activity, kind: KINDS[activity.kind] } : null;
  },
  draw() {
    if (live.state) drawActivity(live.state);
  },
  render,
});

// The welcome card (the resume link) shows after joining until "Got it" or until the trainer moves
// on, so that it does not push the activity below the fold all day. "My links" keeps the same links.
const welcome = document.querySelector("section.welcome");
function hideWelcome() {
  if (welcome) welcome.hidden = true;
}
document.getElementById("welcome-done")?.addEventListener("click", hideWelcome);
// Shown once: a reload (or a bookmark of this address) must not bring the card back.
if (new URLSearchParams(window.location.search).has("welcome")) {
  const address = new URL(window.location.href);
  address.searchParams.delete("welcome");
  window.history.replaceState(window.history.state, "", address);
}

let shownStep;

/** A new step: a screen reader's focus goes to its heading (unless the participant is typing). */
function followStep(state) {
  const key = state.step ? state.step.key : null;
  const first = shownStep === undefined;
  if (key === shownStep) return;
  shownStep = key;
  const typing = document.activeElement && document.activeElement.matches("input, textarea, select");
  if (!first && key && !typing) document.getElementById("step-title").focus();
}

function render(state, why) {
  if (why === "step" || why === "sync" || why === "activity") hideWelcome();
  countdown.set(state.timer);
  const step = state.step;
  document.getElementById("step-eyebrow").textContent = step ? `Module ${step.module} · Activity ${step.activity_number}` : "";
  document.getElementById("step-title").textContent =
    // The step's short title (the curriculum's own): at large text a long one pushed the question off the screen.
    state.workshop.state === "ended" ? "The session has ended. Thank you!" : step ? step.short_title || step.title : "Waiting for the trainer to start…";
  const recordCard = document.getElementById("record-card");
  if (recordCard) recordCard.hidden = state.workshop.state !== "ended";
  const handouts = document.getElementById("step-handouts");
  handouts.replaceChildren(...(step ? step.handouts : []).map((h) =>
    el("li", {}, el("a", { href: h.url, target: "_blank", text: `Handout ${h.number}: ${h.title}` }))));
  document.getElementById("step-handouts-card").hidden = !handouts.children.length;
  if (why !== "timer") drawActivity(state);
  followStep(state);
}

function drawActivity(state) {
  const activity = state.activity;
  if (!activity) {
    activityNode.hidden = true;
    activityNode.replaceChildren();
    return;
  }
  const kind = KINDS[activity.kind];
  if (!kind) {
    // Only the open activity's module is loaded, when it first opens; then draw it.
    loadKind(activity.kind).then((loaded) => loaded && kindLoaded());
  }
  // Redraws must never eat what is being typed: redrawKeeping keeps values, focus and caret.
  redrawKeeping(activityNode, (fresh) => (kind ? kind.phone(fresh, activity, ctx) : fresh.append(el("p", { text: activity.title }))));
  restoreDrafts();
  activityNode.hidden = false;
}
