// Activity kinds in the browser. Each module exports:
//   phone(root, activity, ctx)   draw the participant's UI
//   staff(root, activity, ctx)   draw the console (ctx.view === "console", with controls) or projector
//   apply(activity, event)       update activity.state from an activity_event delta
//   acked(activity, item, ack)   optional: the server acknowledged one of this phone's outbox items
//   presence(activity, row, known)  optional, console: a participant connected or left; true to redraw
// Phone redraws keep what is typed in any input/textarea/select that has a stable id (give every
// field an id derived from the activity key); a field that must show the server's value instead
// carries data-server-value.
// Modules are loaded on demand: a phone loads only the open activity's (loadKind); the console
// and the projector load them all at start (loadAllKinds).
"use strict";

const LOADERS = {
  open: () => import("./open.js"),
  poll: () => import("./poll.js"),
  notes: () => import("./notes.js"),
  plan: () => import("./plan.js"),
  share: () => import("./share.js"),
  checklist: () => import("./checklist.js"),
  // Under the board the curriculum gives a personal copy (the roles board), phones also get My Handout.
  board: async () => (await import("./roleshandout.js")).withMyHandout(await import("./board.js")),
  breakout: () => import("./breakout.js"),
  check: () => import("./check.js"),
  evaluation: () => import("./evaluation.js"),
};

/** The kinds loaded so far, by name. */
export const KINDS = {};
const loading = {};

/** Load one kind's module (once); resolves to the kind, or null for a kind this page does not know. */
export function loadKind(name) {
  if (!Object.hasOwn(LOADERS, name)) return Promise.resolve(null);
  loading[name] ||= LOADERS[name]().then((kind) => (KINDS[name] = kind));
  return loading[name];
}

export function loadAllKinds() {
  return Promise.all(Object.keys(LOADERS).map(loadKind));
}
