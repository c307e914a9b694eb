// The participant's side of the connection, shared by the live phone page and the participant's
// own full pages (/me/plan, /me/notes, /me/handout-<number>): one socket, one outbox that keeps every
// contribution until the server has acknowledged it (the same localStorage key on every page, so
// what was typed on one page is sent from the next), and the `ctx` every kind's phone view gets.
"use strict";

import { connect, Outbox, redrawKeeping } from "./live.js";
import { refreshStatuses, watchConnection } from "./autosave.js";

/**
 * Host phone views on this page.
 *   root             the element carrying data-participant (and data-join-url)
 *   shown()          -> { activity, kind } drawn now, or null
 *   draw()           rebuild what is shown (called at most once per frame)
 *   render(state, why)  the live session's state arrived or changed (default: refresh save states)
 *   standalone       true on a page of its own, away from the live session
 * Returns { live, ctx, redraw, kindLoaded } (call kindLoaded once the shown kind's module has arrived).
 */
export function hostPhone({ root, shown, draw, render = () => refreshStatuses(), standalone = false }) {
  const participantId = root.dataset.participant;
  const errorNode = document.getElementById(standalone ? "page-error" : "phone-error");
  const outboxStatus = document.getElementById("outbox-status");
  let outbox = null;
  let queued = false;

  const live = connect("phone", null, {
    render,
    connected() {
      if (outbox) outbox.flush();
    },
    connectError(err) {
      if (err && err.message && err.message.includes("Join")) window.location.href = root.dataset.joinUrl || "/join";
    },
  });
  const ctx = {
    view: "phone",
    standalone,
    live,
    participantId: Number(participantId),
    contribute(event, data, key = null) {
      errorNode.hidden = true;
      const item = outbox.add(event, data, key);
      settle(event);
      return item;
    },
    pending(event, activityKey) {
      return outbox.pending((item) => item.event === event && (!activityKey || item.data.activity === activityKey));
    },
    report(ack) {
      if (ack && !ack.ok) showError(ack.error);
      return ack;
    },
    redraw: () => redrawSoon(),
  };

  function showError(message) {
    errorNode.textContent = message;
    errorNode.hidden = false;
  }
  // An autosaved field already shows what was typed: saving it only changes its save state, so
  // the view is not rebuilt under the typing fingers (a rebuilt field loses the phone's keyboard).
  function settle(event, ack = null) {
    const kind = shown()?.kind;
    if (kind && kind.quiet && kind.quiet.has(event) && !(ack && ack.stale)) refreshStatuses();
    else redrawSoon();
  }
  function redrawSoon() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      draw();
    });
  }

  outbox = new Outbox(`workshop-outbox-v1-${participantId}`, live.socket, {
    clock: () => Date.now() + live.clockOffset,
    onAck(item, ack) {
      const now = shown();
      if (now && now.kind && now.kind.acked) now.kind.acked(now.activity, item, ack, ctx);
      settle(item.event, ack);
    },
    onReject(item, error) {
      showError(`Not saved: ${error}`);
      redrawSoon();
    },
    onChange(items) {
      drawOutboxStatus(items);
      refreshStatuses();
    },
    onSentElsewhere() {
      // The other tab has the acknowledgements: fetch what the server now holds.
      if (live.socket.connected) live.resync();
      redrawSoon();
    },
    onBusy(message) {
      serverBusy = message;
      drawOutboxStatus(outbox.items);
    },
  });
  // "The server is busy, retrying…" while its database is away, so "sending…" does not look stuck.
  let serverBusy = null;
  function drawOutboxStatus(items) {
    if (!outboxStatus) return;
    const waiting = items.length ? `${items.length} waiting to be sent` : "";
    outboxStatus.textContent = serverBusy && items.length ? `${serverBusy} (${waiting})` : waiting;
  }
  outbox.onChange(outbox.items);
  // Deltas for an activity whose module is still loading wait for it (kindLoaded), not lost.
  let early = [];
  live.socket.on("activity_event", (event) => {
    const now = shown();
    if (now && !now.kind && event.activity === now.activity.key) early.push(event);
    else if (now && now.kind && event.activity === now.activity.key && now.kind.apply(now.activity, event, ctx)) redrawSoon();
  });
  function kindLoaded() {
    const now = shown();
    if (now && now.kind) for (const event of early) if (event.activity === now.activity.key) now.kind.apply(now.activity, event, ctx);
    early = [];
    redrawSoon();
  }
  window.addEventListener("online", () => outbox.flush());
  watchConnection(ctx);
  return { live, ctx, redraw: redrawSoon, kindLoaded };
}

/**
 * Run one kind's phone view on a page of its own (usable after the day): the activity comes from
 * the page (data-activity) unless given; `extraEvents` maps other socket events to handlers
 * `(activity, payload, ctx) -> redraw?`.
 */
export function standalone(root, kind, { activity, extraEvents = {} } = {}) {
  const current = activity || JSON.parse(root.dataset.activity);
  const view = root.querySelector("[data-view]") || root;
  const draw = () => redrawKeeping(view, (fresh) => kind.phone(fresh, current, host.ctx));
  const host = hostPhone({ root, standalone: true, shown: () => ({ activity: current, kind }), draw });
  for (const [name, handler] of Object.entries(extraEvents)) {
    host.live.socket.on(name, (payload) => {
      if (handler(current, payload, host.ctx)) host.redraw();
    });
  }
  draw();
  return { ctx: host.ctx, current, redraw: host.redraw };
}
