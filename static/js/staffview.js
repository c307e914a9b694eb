// What the console and the projector share: drawing the open activity for staff.
"use strict";

import { el } from "./live.js";
import { KINDS, loadAllKinds } from "./kinds/index.js";

// The console and the projector run on the trainer's laptop: every kind, loaded before they draw.
await loadAllKinds();

export function drawStaffActivity(node, state, ctx) {
  const activity = state.activity;
  if (!activity) return false;
  const kind = KINDS[activity.kind];
  const fresh = el("div");
  if (kind) kind.staff(fresh, activity, ctx);
  else fresh.append(el("h2", { text: activity.title }));
  node.replaceChildren(...fresh.childNodes);
  return true;
}
