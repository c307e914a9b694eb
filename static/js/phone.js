// The participant's phone: the current step, the open activity, and an outbox that keeps every
// contribution until the server has acknowledged it.
"use strict";

import { connect, Countdown, el, Outbox, redrawKeeping } from "./live.js";
import { KINDS } from "./kinds/index.js";

const root = document.getElementById("phone");
const participantId = root.dataset.participant;
const countdown = new Countdown(document.getElementById("timer"));
const activityNode = document.getElementById("activity");
const errorNode = document.getElementById("phone-error");
const outboxStatus = document.getElementById("outbox-status");

const live = connect("phone", null, {
  render,
  activityEvent(activity, event) {
    const kind = KINDS[activity.kind];
    if (kind && kind.apply(activity, event, ctx)) drawActivity(live.state);
  },
  connected() {
    outbox.flush();
  },
  connectError(err) {
    if (err && err.message && err.message.includes("Join")) window.location.href = "/join";
  },
});

const outbox = new Outbox(`workshop-outbox-v1-${participantId}`, live.socket, {
  onAck(item, ack) {
    const kind = live.state && live.state.activity && KINDS[live.state.activity.kind];
    if (kind && kind.acked) kind.acked(live.state.activity, item, ack, ctx);
    redrawSoon();
  },
  onReject(item, error) {
    showError(`Not saved: ${error}`);
    redrawSoon();
  },
  onChange(items) {
    outboxStatus.textContent = items.length ? `${items.length} waiting to be sent` : "";
  },
});
outbox.onChange(outbox.items);
window.addEventListener("online", () => outbox.flush());

const ctx = {
  view: "phone",
  live,
  participantId: Number(participantId),
  contribute(event, data, key = null) {
    hideError();
    const item = outbox.add(event, data, key);
    redrawSoon();
    return item;
  },
  pending(event, activityKey) {
    return outbox.pending((item) => item.event === event && (!activityKey || item.data.activity === activityKey));
  },
  report(ack) {
    if (ack && !ack.ok) showError(ack.error);
  },
};

function showError(message) {
  errorNode.textContent = message;
  errorNode.hidden = false;
}

function hideError() {
  errorNode.hidden = true;
}

let redrawQueued = false;
function redrawSoon() {
  if (redrawQueued) return;
  redrawQueued = true;
  requestAnimationFrame(() => {
    redrawQueued = false;
    if (live.state) drawActivity(live.state);
  });
}

// The welcome card (the resume link) shows after joining until "Got it" or until the trainer moves
// on, so that it does not push the activity below the fold all day. "My links" keeps the same links.
const welcome = document.querySelector("section.welcome");
function hideWelcome() {
  if (welcome) welcome.hidden = true;
}
document.getElementById("welcome-done")?.addEventListener("click", hideWelcome);

function render(state, why) {
  if (why === "step" || why === "sync") hideWelcome();
  countdown.set(state.timer);
  const step = state.step;
  document.getElementById("step-eyebrow").textContent = step ? `Module ${step.module} · Activity ${step.activity_number}` : "";
  document.getElementById("step-title").textContent =
    state.workshop.state === "ended" ? "The session has ended. Thank you!" : step ? step.title : "Waiting for the trainer to start…";
  const handouts = document.getElementById("step-handouts");
  handouts.replaceChildren(...(step ? step.handouts : []).map((h) =>
    el("li", {}, el("a", { href: h.url, target: "_blank", text: `Handout ${h.number}: ${h.title}` }))));
  if (why !== "timer") drawActivity(state);
}

function drawActivity(state) {
  const activity = state.activity;
  if (!activity) {
    activityNode.hidden = true;
    activityNode.replaceChildren();
    return;
  }
  const kind = KINDS[activity.kind];
  // Redraws must never eat what is being typed: redrawKeeping keeps values, focus and caret.
  redrawKeeping(activityNode, (fresh) => (kind ? kind.phone(fresh, activity, ctx) : fresh.append(el("p", { text: activity.title }))));
  activityNode.hidden = false;
}
