// The trainer's console: a pinned bar (step, previous/next, the activity's state on phones, the
// timer), the script at the current step, who is here and who has answered; presenter keys.
"use strict";

import { announce, connect, Countdown, el } from "./live.js";
import { KINDS } from "./kinds/index.js";
import { drawStaffActivity } from "./staffview.js";
import { bindPresenterKeys } from "./console_keys.js";

const root = document.getElementById("console");
const workshopId = Number(root.dataset.workshop);
const countdown = new Countdown(document.getElementById("timer"), {
  showLabel: false,
  onWarning: (words) => announce(`Timer: ${words}.`),
});
const errorNode = document.getElementById("console-error");
const activityPanel = document.getElementById("activity-panel");
const closeButton = document.getElementById("close-activity");
const liveToggle = document.getElementById("live-toggle");
const nextAndOpen = document.getElementById("next-and-open");
const answeredNode = document.getElementById("answered");
const liveTitle = document.getElementById("live-title");
const joinSlide = document.getElementById("join-slide");
const minutesInput = document.getElementById("timer-minutes");
const people = new Map();
const stepKeys = [...document.getElementById("jump").options].map((option) => option.value);
let shownStep;

// The pinned bar's height, so the side column and jumped-to headings sit below it.
const bar = root.querySelector(".console-bar");
new ResizeObserver(() => document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight + 8}px`)).observe(bar);

function showBusy(message) {
  errorNode.textContent = message;
  errorNode.hidden = false;
}

/** A trainer's control: sent again by itself while the server is busy, then reported. */
function control(event, data = {}) {
  return live.sendUntilNotBusy(event, data, showBusy).then(report);
}

function report(ack) {
  if (ack && !ack.ok) {
    errorNode.textContent = ack.error;
    errorNode.hidden = false;
  } else {
    errorNode.hidden = true;
  }
  return ack;
}

const live = connect("console", workshopId, {
  render,
  activityEvent(activity, event) {
    const kind = KINDS[activity.kind];
    if (kind && kind.apply(activity, event, ctx)) drawActivity(live.state);
  },
  presence(row) {
    const known = people.has(row.id);
    people.set(row.id, row);
    drawPeople();
    const activity = live.state && live.state.activity;
    const kind = activity && KINDS[activity.kind];
    if (kind && kind.presence && kind.presence(activity, row, known)) drawActivity(live.state);
  },
  answered(activity, answered, before) {
    drawPeople();
    drawLiveState(live.state);
    if (!before || answered.count > before.count) announce(`New answer, ${answered.count} of ${joinedCount(answered)}.`);
  },
});
const ctx = { view: "console", live, report, workshopId };

/** The live activities a step declares, from the script's buttons: [{key, title}]. */
function stepActivities(key) {
  return [...document.querySelectorAll(`[data-step-panel="${key}"] [data-open-activity]`)].map((button) => ({
    key: button.dataset.openActivity,
    title: button.dataset.title,
  }));
}

function joinedCount(answered) {
  return Math.max(answered ? answered.of : 0, people.size);
}

function render(state, why) {
  countdown.set(state.timer);
  drawTimerButtons(state.timer);
  if (why === "timer") return;
  // The list comes whole with a snapshot; between snapshots, presence events keep it current (a
  // step change carries no list: redrawing from the connect-time one emptied it).
  if ((why === "snapshot" || why === "sync") && state.participants) {
    people.clear();
    for (const row of state.participants) people.set(row.id, row);
  }
  const key = state.step ? state.step.key : null;
  for (const panel of document.querySelectorAll("[data-step-panel]")) panel.hidden = panel.dataset.stepPanel !== key;
  document.getElementById("no-step").hidden = Boolean(key);
  if (key) document.getElementById("jump").value = key;
  if (key !== shownStep) {
    if (shownStep !== undefined && state.step) announce(`Step ${state.step.index + 1} of ${state.step.total}: ${state.step.title}.`);
    shownStep = key;
    // The timer's minutes default to the step's own length (or its activity's).
    const minutes = key && document.querySelector(`[data-step-panel="${key}"]`).dataset.minutes;
    if (minutes) minutesInput.value = minutes;
  }
  joinSlide.setAttribute("aria-pressed", String(Boolean(state.workshop.join_slide)));
  joinSlide.textContent = state.workshop.join_slide ? "Hide join slide" : "Join slide";
  drawActivity(state);
  drawPeople();
}

/** The one primary toggle: open the step's activity on phones, or show it is live and close it. */
function drawLiveState(state) {
  const open = state.activity;
  const here = state.step ? stepActivities(state.step.key) : [];
  liveToggle.hidden = !open && !here.length;
  liveToggle.classList.toggle("is-live", Boolean(open));
  liveToggle.textContent = open ? "● Live on phones · Close" : "Open on phones";
  const title = open ? open.title : here.length ? here[0].title : "";
  liveTitle.textContent = title;
  liveTitle.title = title;
  liveToggle.dataset.action = open ? "close" : "open";
  liveToggle.dataset.activity = open ? open.key : here.length ? here[0].key : "";
  const answered = open && open.answered;
  answeredNode.hidden = !answered;
  if (answered) answeredNode.textContent = `Answered ${answered.count} of ${joinedCount(answered)}`;
  const index = state.step ? stepKeys.indexOf(state.step.key) : -1;
  const nextKey = stepKeys[index + 1];
  const nextActivities = nextKey ? stepActivities(nextKey) : [];
  nextAndOpen.hidden = !nextActivities.length;
  nextAndOpen.title = nextActivities.length ? `Next step, and open “${nextActivities[0].title}” on phones (Shift+→)` : "";
}

function drawActivity(state) {
  if (!drawStaffActivity(activityPanel, state, ctx)) {
    activityPanel.replaceChildren(el("p", { class: "muted", text: "No activity is open." }));
  }
  closeButton.hidden = !state.activity;
  for (const button of document.querySelectorAll("[data-open-activity]")) {
    const open = Boolean(state.activity && state.activity.key === button.dataset.openActivity);
    button.textContent = open ? "● Live on phones" : "Open on phones";
    button.classList.toggle("is-live", open);
    button.disabled = open;
  }
  drawLiveState(state);
}

function drawPeople() {
  const rows = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  const online = rows.filter((r) => r.connected).length;
  const activity = live.state && live.state.activity;
  const answered = new Set(activity && activity.answered ? activity.answered.ids : []);
  document.getElementById("people-count").textContent = `(${online} online of ${rows.length})`;
  document.getElementById("people").replaceChildren(...rows.map((r) => {
    const done = answered.has(r.id);
    return el("li", { class: r.connected ? "online" : null },
      el("span", { text: r.agency ? `${r.name} (${r.agency})` : r.name }),
      el("span", { class: "visually-hidden", text: r.connected ? ", online" : ", offline" }),
      activity && !(activity.answered && activity.answered.anonymous)
        ? el("span", { class: done ? "tick done" : "tick", text: done ? "✓ answered" : "not yet" }) : null);
  }));
}

/** Show only the timer buttons that apply: Start when there is none, Pause or Resume, +5, Clear. */
function drawTimerButtons(timer) {
  const phase = !timer || (!timer.running && timer.remaining_s === null) ? "idle" : timer.running ? "running" : "paused";
  for (const node of root.querySelectorAll("[data-timer-when]")) node.hidden = !node.dataset.timerWhen.split(" ").includes(phase);
  return phase;
}

function move(step) {
  return control("go_to_step", { move: step });
}

function toggleLive() {
  if (liveToggle.hidden) return;
  if (liveToggle.dataset.action === "close") control("close_activity");
  else control("open_activity", { activity: liveToggle.dataset.activity });
}

function timerKey() {
  const phase = drawTimerButtons(live.state && live.state.timer);
  const action = phase === "idle" ? "start" : phase === "running" ? "pause" : "resume";
  control("timer", { action, minutes: Number(minutesInput.value) });
}

function toggleJoinSlide() {
  control("show_join", { shown: !(live.state && live.state.workshop.join_slide) });
}

document.getElementById("next-step").addEventListener("click", () => move(1));
document.getElementById("prev-step").addEventListener("click", () => move(-1));
nextAndOpen.addEventListener("click", () => control("go_to_step", { move: 1, open: true }));
document.getElementById("jump").addEventListener("change", (e) => control("go_to_step", { step: e.target.value }));
liveToggle.addEventListener("click", toggleLive);
joinSlide.addEventListener("click", toggleJoinSlide);
closeButton.addEventListener("click", () => control("close_activity"));
document.getElementById("end-session").addEventListener("click", () => {
  if (window.confirm("End the session for everyone? Plans stay available through personal links.")) control("end_session");
});
root.addEventListener("click", (event) => {
  const button = event.target.closest("[data-open-activity]");
  if (button) control("open_activity", { activity: button.dataset.openActivity });
  const timer = event.target.closest("[data-timer]");
  if (timer) {
    const action = timer.dataset.timer;
    const minutes = action === "extend" ? 5 : Number(minutesInput.value);
    control("timer", { action, minutes });
  }
});
bindPresenterKeys({
  next: () => move(1),
  previous: () => move(-1),
  nextAndOpen: () => control("go_to_step", { move: 1, open: true }),
  toggleLive,
  timer: timerKey,
  joinSlide: toggleJoinSlide,
  help: document.getElementById("keys-help"),
  helpButton: document.getElementById("keys-button"),
});
