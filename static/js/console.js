// The trainer's console: the script at the current step, step/activity/timer controls, who is here.
"use strict";

import { connect, Countdown, el } from "./live.js";
import { KINDS } from "./kinds/index.js";
import { drawStaffActivity } from "./staffview.js";

const root = document.getElementById("console");
const workshopId = Number(root.dataset.workshop);
const countdown = new Countdown(document.getElementById("timer"));
const errorNode = document.getElementById("console-error");
const activityPanel = document.getElementById("activity-panel");
const closeButton = document.getElementById("close-activity");
const people = new Map();

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
});
const ctx = { view: "console", live, report, workshopId };

function render(state, why) {
  countdown.set(state.timer);
  if (why === "timer") return;
  // The list comes whole with a snapshot; between snapshots, presence events keep it current (a
  // step change carries no list: redrawing from the connect-time one emptied it).
  if ((why === "snapshot" || why === "sync") && state.participants) {
    people.clear();
    for (const row of state.participants) people.set(row.id, row);
    drawPeople();
  }
  const key = state.step ? state.step.key : null;
  for (const panel of document.querySelectorAll("[data-step-panel]")) panel.hidden = panel.dataset.stepPanel !== key;
  document.getElementById("no-step").hidden = Boolean(key);
  if (key) document.getElementById("jump").value = key;
  drawActivity(state);
}

function drawActivity(state) {
  if (!drawStaffActivity(activityPanel, state, ctx)) {
    activityPanel.replaceChildren(el("p", { class: "muted", text: "No activity is open." }));
  }
  closeButton.hidden = !state.activity;
  for (const button of document.querySelectorAll("[data-open-activity]")) {
    const open = state.activity && state.activity.key === button.dataset.openActivity;
    button.textContent = open ? "Open now" : "Open on phones";
    button.disabled = Boolean(open);
  }
}

function drawPeople() {
  const rows = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  const online = rows.filter((r) => r.connected).length;
  document.getElementById("people-count").textContent = `(${online} online of ${rows.length})`;
  document.getElementById("people").replaceChildren(...rows.map((r) =>
    el("li", { class: r.connected ? "online" : null, text: r.agency ? `${r.name} (${r.agency})` : r.name })));
}

document.getElementById("next-step").addEventListener("click", () => control("go_to_step", { move: 1 }));
document.getElementById("prev-step").addEventListener("click", () => control("go_to_step", { move: -1 }));
document.getElementById("jump").addEventListener("change", (e) => control("go_to_step", { step: e.target.value }));
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
    const minutes = action === "extend" ? 5 : Number(document.getElementById("timer-minutes").value);
    control("timer", { action, minutes });
  }
});
