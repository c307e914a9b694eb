// Autosave while typing, for the phone's kinds and the participant's own pages (/me/plan,
// /me/notes): a pause before saving, the save state shown under each field, and which value a
// field shows.
//
// What a field shows is the newest of three: what this page has typed (a draft), what waits in the
// outbox (typed before a reload or while offline), and what the server stored. Each carries the
// revision of the edit (the phone's clock at the moment of typing), so typing is never lost and an
// older edit never hides a newer one.
"use strict";

import { el } from "./live.js";

const DEBOUNCE_MS = 600;
const timers = new Map(); // autosave key -> { timer, run }
const statusFns = new Map(); // element id -> () => [text, class]
const watched = new WeakSet();
let lastRevision = 0;

/** A revision for an edit made now: the clock, but always increasing on this page. */
export function nextRevision() {
  lastRevision = Math.max(Date.now(), lastRevision + 1);
  return lastRevision;
}

/** Run `run` after a pause in typing; pending runs happen at once when the page is hidden. */
export function debounce(key, run, ms = DEBOUNCE_MS) {
  const entry = timers.get(key);
  if (entry) clearTimeout(entry.timer);
  const fire = () => {
    timers.delete(key);
    run();
  };
  timers.set(key, { timer: setTimeout(fire, ms), run: fire });
}

export function flushDebounced(prefix = "") {
  for (const [key, entry] of [...timers]) {
    if (!key.startsWith(prefix)) continue;
    clearTimeout(entry.timer);
    entry.run();
  }
}

export function isDebouncing(key) {
  return timers.has(key);
}

// A reload, a closed tab or a phone going to sleep must not lose the last second of typing: the
// outbox is in localStorage, so queue what is waiting for its pause right now.
window.addEventListener("pagehide", () => flushDebounced());
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flushDebounced();
});

/** The words and class of a save state: what a participant sees under each autosaved field. */
export function saveState({ typing, pending, online, saved, failed }) {
  if (typing || pending) return online ? ["Saving…", "unsaved"] : ["Waiting for connection: kept on this phone", "unsaved"];
  if (failed) return ["Not saved: see the message above", "failed"];
  if (saved) return ["Saved", "saved"];
  return ["Nothing written yet", ""];
}

/** A live save-state line; `compute` is asked again whenever the connection or outbox changes. */
export function statusLine(id, compute) {
  statusFns.set(id, compute);
  const [text, cls] = compute();
  return el("p", { id, class: `saved-state ${cls}`.trim(), role: "status", "aria-live": "polite", dataset: { saveStatus: "1" }, text });
}

export function refreshStatuses() {
  for (const node of document.querySelectorAll("[data-save-status]")) {
    const compute = statusFns.get(node.id);
    if (!compute) continue;
    const [text, cls] = compute();
    if (node.textContent !== text) node.textContent = text;
    node.className = `saved-state ${cls}`.trim();
  }
}

/** Keep save states honest when the connection drops or returns. */
export function watchConnection(ctx) {
  const socket = ctx.live && ctx.live.socket;
  if (!socket || watched.has(socket)) return;
  watched.add(socket);
  socket.on("connect", () => setTimeout(refreshStatuses, 0));
  socket.on("disconnect", () => setTimeout(refreshStatuses, 0));
}

export function online(ctx) {
  return Boolean(ctx.live && ctx.live.socket && ctx.live.socket.connected);
}

/** A labelled input or textarea; its value is what this view says (data-server-value). */
export function field(tag, id, label, value, attrs = {}, hint = null) {
  const hintId = hint ? `${id}-hint` : null;
  return el("div", { class: "field" },
    el("label", { for: id }, label),
    hint ? el("p", { class: "hint", id: hintId, text: hint }) : null,
    el(tag, { id, ...attrs, "aria-describedby": hintId, dataset: { serverValue: "1" }, ...(tag === "textarea" ? { text: value } : { value }) }),
  );
}

/**
 * The autosaved fields of one kind (a plan's areas, the notes on each strategy), each named by a
 * `part` (an area number, a strategy number):
 *   event              the outbox event that saves one part ("save_note")
 *   saveKey(part)      the outbox key of that part: a newer unsent save replaces an older one
 *   stored(activity, part) -> { value, revision }   what the server has
 *   queued(item, part) -> value, or undefined when the outbox item is not about this part
 *   payload(activity, part, draft) -> the event's data for a draft { value, revision }
 * Returns { shown(activity, ctx, part), edit(activity, ctx, part, value), status(activity, ctx, part) }.
 */
export function autosaved({ event, saveKey, stored, queued, payload }) {
  const drafts = new Map(); // `${activity key}:${part}` -> { value, revision }

  /** The part as this page should show it: the newest of server, outbox and draft. */
  function shown(activity, ctx, part) {
    const server = stored(activity, part);
    let best = { value: server.value, revision: server.revision || 0, source: "server" };
    for (const item of ctx.pending(event, activity.key)) {
      const value = queued(item, part);
      if (value !== undefined && item.data.revision > best.revision) best = { value, revision: item.data.revision, source: "outbox" };
    }
    const draft = drafts.get(`${activity.key}:${part}`);
    if (draft && draft.revision > best.revision) best = { ...draft, source: "draft" };
    return best;
  }

  function edit(activity, ctx, part, value) {
    const draftKey = `${activity.key}:${part}`;
    drafts.set(draftKey, { value, revision: nextRevision() });
    debounce(`${activity.key}:${saveKey(part)}`, () => {
      ctx.contribute(event, payload(activity, part, drafts.get(draftKey)), saveKey(part));
    });
    refreshStatuses();
  }

  /** A `compute` for statusLine: the save state of one part. */
  function status(activity, ctx, part) {
    return () => {
      const serverRevision = stored(activity, part).revision || 0;
      const revision = shown(activity, ctx, part).revision;
      return saveState({
        typing: isDebouncing(`${activity.key}:${saveKey(part)}`),
        pending: ctx.pending(event, activity.key).some((item) => queued(item, part) !== undefined),
        online: online(ctx),
        saved: serverRevision > 0 && revision <= serverRevision,
        failed: revision > serverRevision,
      });
    };
  }

  return { shown, edit, status };
}

/**
 * Keep what is half-typed into the forms under `node` that are not autosaved (an answer, a board
 * post, a breakout item) across a reload: every field with an id and without data-server-value is
 * kept in localStorage under `storageKey` while it holds text, and forgotten once its form is sent
 * (the text is in the outbox then). Returns restore(), to call after each redraw: it fills empty
 * fields with what was kept.
 */
export function keepFormDrafts(node, storageKey) {
  const kept = () => {
    try { return JSON.parse(localStorage.getItem(storageKey) || "{}"); } catch { return {}; }
  };
  const draftable = (field) => field.id && !field.dataset.serverValue && field.matches("textarea, input[type=text], input:not([type])");
  function remember(fields, sent = false) {
    const drafts = kept();
    for (const field of fields) {
      if (!draftable(field)) continue;
      if (field.value.trim() && !sent) drafts[field.id] = field.value;
      else delete drafts[field.id];
    }
    if (Object.keys(drafts).length) localStorage.setItem(storageKey, JSON.stringify(drafts));
    else localStorage.removeItem(storageKey);
  }
  node.addEventListener("input", (event) => remember([event.target]));
  // A sent form's text is in the outbox now: its draft goes.
  node.addEventListener("submit", (event) => remember(event.target.elements, true));
  return function restore() {
    const drafts = kept();
    for (const [id, value] of Object.entries(drafts)) {
      const field = document.getElementById(id);
      if (field && node.contains(field) && draftable(field) && !field.value) field.value = value;
    }
  };
}

