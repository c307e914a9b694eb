// `plan`: My Personal Action Plan (Handout 4.2). Three areas, autosaved while typing, submitted in
// versions. Also the helpers the participant's own full pages use (/me/plan, /me/notes,
// /me/handout-4.3): autosave with a pause, save states, and a standalone page with its own outbox.
//
// What a field shows is the newest of three: what this page has typed (a draft), what waits in the
// outbox (typed before a reload or while offline), and what the server stored. Each carries the
// revision of the edit (the phone's clock at the moment of typing), so typing is never lost and an
// older edit never hides a newer one.
"use strict";

import { connect, el, Outbox, put, redrawKeeping } from "../live.js";

const DEBOUNCE_MS = 600;
const drafts = new Map(); // `${activity key}:${area}` -> { fields, revision }
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

export function visuallyHidden(text) {
  return el("span", { class: "visually-hidden", text });
}

// --- The plan --------------------------------------------------------------------------------

const FIELD_NAMES = ["agency", "challenge", "strategies", "actions", "success", "target_date"];

function fieldsOf(area) {
  const fields = {};
  for (const name of FIELD_NAMES) fields[name] = name === "strategies" ? [...(area[name] || [])] : area[name] || "";
  return fields;
}

/** The area as this phone should show it: the newest of server, outbox and draft. */
export function effectiveArea(activity, ctx, n, server) {
  const key = activity.key;
  let best = { fields: fieldsOf(server), revision: server.revision || 0, source: "server" };
  for (const item of ctx.pending("save_plan_area", key)) {
    if (item.data.area === n && item.data.revision > best.revision) {
      best = { fields: fieldsOf(item.data.fields), revision: item.data.revision, source: "outbox" };
    }
  }
  const draft = drafts.get(`${key}:${n}`);
  if (draft && draft.revision > best.revision) best = { ...draft, source: "draft" };
  return best;
}

function areaSaveKey(n) {
  return `plan-area-${n}`;
}

function edit(activity, ctx, n, changes) {
  const current = effectiveArea(activity, ctx, n, activity.state.areas[n]);
  const revision = nextRevision();
  drafts.set(`${activity.key}:${n}`, { fields: { ...current.fields, ...changes }, revision });
  debounce(`${activity.key}:${areaSaveKey(n)}`, () => {
    const draft = drafts.get(`${activity.key}:${n}`);
    ctx.contribute("save_plan_area", { activity: activity.key, area: n, fields: draft.fields, revision: draft.revision }, areaSaveKey(n));
  });
  refreshStatuses();
}

function areaStatus(activity, ctx, n) {
  return () => {
    const server = activity.state.areas[n];
    const shown = effectiveArea(activity, ctx, n, server);
    const pending = ctx.pending("save_plan_area", activity.key).some((item) => item.data.area === n);
    const typing = isDebouncing(`${activity.key}:${areaSaveKey(n)}`);
    return saveState({
      typing, pending, online: online(ctx),
      saved: (server.revision || 0) > 0 && shown.revision <= server.revision,
      failed: shown.revision > (server.revision || 0),
    });
  };
}

function ideaList(ideas, label) {
  if (!ideas.length) return null;
  return el("div", { class: "plan-ideas" },
    el("p", { class: "plan-ideas-title", text: label }),
    el("ul", { class: "post-list" }, ideas.map((idea) => el("li", { class: idea.pending ? "pending" : null },
      el("span", { text: idea.text }),
      el("small", { class: "muted", text: idea.pending ? " · sending…" : ` · ${idea.author}` })))));
}

function areaCard(activity, ctx, n) {
  const { columns, strategies, limits } = activity.config;
  const value = effectiveArea(activity, ctx, n, activity.state.areas[n]).fields;
  const id = (name) => `plan-a${n}-${name}`;
  const where = ` (area ${n + 1})`;
  const onText = (name) => (event) => edit(activity, ctx, n, { [name]: event.target.value });
  const toggle = (index) => (event) => {
    const now = effectiveArea(activity, ctx, n, activity.state.areas[n]).fields.strategies.filter((s) => s !== index);
    if (event.target.checked) now.push(index);
    edit(activity, ctx, n, { strategies: now.sort((a, b) => a - b) });
  };
  const ideas = (activity.state.ideas || []).filter((idea) => idea.area === n);
  return el("fieldset", { class: "plan-area", id: id("card") },
    el("legend", { text: `Area ${n + 1}` }),
    el(subheading(ctx), { class: "plan-column", text: `1. ${columns[0] || "The agency and the relationship"}` }),
    field("input", id("agency"), ["Agency or organization", visuallyHidden(where)], value.agency,
      { maxlength: limits.agency, autocomplete: "off", oninput: onText("agency") }),
    field("textarea", id("challenge"), ["What is challenging or non-existent in the relationship", visuallyHidden(where)], value.challenge,
      { maxlength: limits.text, rows: 3, oninput: onText("challenge") }),
    el(subheading(ctx), { class: "plan-column", text: `2. ${columns[1] || "Strategies and actions"}` }),
    el("fieldset", { class: "strategy-picks" },
      el("legend", {}, "Strategies from Handout 4.1", visuallyHidden(where)),
      strategies.map((title, index) => el("label", { class: "check", for: id(`s${index}`) },
        el("input", { type: "checkbox", id: id(`s${index}`), checked: value.strategies.includes(index), onchange: toggle(index) }),
        el("span", { text: title })))),
    field("textarea", id("actions"), ["My actions", visuallyHidden(where)], value.actions,
      { maxlength: limits.text, rows: 3, oninput: onText("actions") }, "What you will do, using the strategies you ticked and your own ideas."),
    el(subheading(ctx), { class: "plan-column", text: `3. ${columns[2] || "How I will know I am successful"}` }),
    field("textarea", id("success"), ["What will show me I am successful", visuallyHidden(where)], value.success,
      { maxlength: limits.text, rows: 3, oninput: onText("success") }),
    field("input", id("target_date"), ["Target date", visuallyHidden(where)], value.target_date,
      { type: "date", oninput: onText("target_date"), onchange: onText("target_date") }),
    ideaList(ideas, "Ideas from your colleague"),
    statusLine(id("status"), areaStatus(activity, ctx, n)),
  );
}

function submitPart(activity, ctx) {
  const versions = activity.state.versions || [];
  const last = versions[versions.length - 1];
  const submit = () => {
    flushDebounced(`${activity.key}:`); // the last edits go first, so the version holds them
    ctx.contribute("submit_plan", { activity: activity.key });
  };
  return el("section", { class: "plan-submit", "aria-labelledby": "plan-submit-title" },
    el(subheading(ctx), { id: "plan-submit-title", text: "Submit my plan" }),
    el("p", { class: "hint", text: "Submit when you are ready. You can keep editing afterwards; every version you submit is kept for your follow-up." }),
    el("button", { type: "button", id: "plan-submit", class: "button button-primary button-wide", onclick: submit },
      versions.length ? "Submit again as a new version" : "Submit my plan"),
    statusLine("plan-submit-status", () => {
      if (ctx.pending("submit_plan", activity.key).length) return online(ctx) ? ["Submitting…", "unsaved"] : ["Waiting for connection: kept on this phone", "unsaved"];
      if (last) return [`Submitted: version ${last.number}, ${new Date(last.submitted_at).toLocaleString()}`, "saved"];
      return ["Not submitted yet", ""];
    }),
  );
}

/** On the phone the plan sits under the page's h1 as an h2; on /me/plan its title is the h1. */
function subheading(ctx) {
  return ctx.standalone ? "h2" : "h3";
}

export function phone(root, activity, ctx) {
  watchConnection(ctx);
  const links = activity.config.links || {};
  put(root,
    el(ctx.standalone ? "h1" : "h2", { text: activity.title }), // the page's own title on /me/plan
    el("p", { class: "notice", role: "note", text: activity.config.notice }),
    el("p", { class: "hint", text: "Choose three areas of your relationship with an agency or organization you find challenging or non-existent. Your plan is private and saved as you type." }),
    activity.state.areas.map((_, n) => areaCard(activity, ctx, n)),
    submitPart(activity, ctx),
    el("p", { class: "plan-links" },
      ctx.standalone ? null : el("a", { href: links.edit, target: "_blank", text: "Open my plan on a full page" }),
      ctx.standalone ? null : " · ",
      el("a", { href: links.print, text: "Printable plan" })),
  );
}

export function staff(root, activity, ctx) {
  const columns = activity.config.columns || [];
  put(root, el("h2", { text: activity.title }));
  if (ctx.view === "console") {
    const { started = 0, complete = 0 } = activity.state;
    put(root,
      el("p", { class: "plan-counts", role: "status", "aria-live": "polite" },
        el("strong", { text: String(started) }), " started · ", el("strong", { text: String(complete) }), " complete"),
      el("p", { class: "muted", text: "Plans are private: you see how many are started and complete (all three areas with agency, actions and success), never what they say." }));
    return;
  }
  const hints = activity.config.hints || [];
  put(root,
    el("p", { class: "pj-lead", text: "On your phone: choose three areas, and for each fill in the three columns." }),
    el("div", { class: "pj-columns pj-plan" }, columns.map((title, index) => el("section", { class: "pj-column" },
      el("h3", { text: `${index + 1}. ${title}` }),
      hints[index] ? el("p", { text: hints[index] }) : null,
      index === 1 ? el("ol", { class: "pj-plan-strategies", "aria-label": "The seven strategies of Handout 4.1" },
        (activity.config.strategies || []).map((s) => el("li", { text: s }))) : null))),
    el("p", { class: "pj-notice", text: activity.config.notice }),
  );
}

export function apply(activity, event) {
  const state = activity.state;
  if (event.type === "counts") {
    state.started = event.started;
    state.complete = event.complete;
  } else if (event.type === "area_saved" && state.areas) {
    const n = event.saved.area;
    if (state.areas[n] && event.saved.revision > (state.areas[n].revision || 0)) state.areas[n] = event.saved;
  } else if (event.type === "idea_added" && state.ideas) {
    if (!state.ideas.some((idea) => idea.id === event.idea.id)) state.ideas.push(event.idea);
  } else if (event.type === "submitted" && state.versions) {
    if (!state.versions.some((v) => v.number === event.version.number)) state.versions.push(event.version);
    state.status = "submitted";
  } else {
    return false;
  }
  return true;
}

/** Apply this phone's own acknowledged plan edits to a plan state ({areas, versions?}). */
export function ackedPlan(state, item, ack) {
  if (!state) return;
  if (item.event === "save_plan_area" && ack.saved && state.areas) {
    const n = ack.saved.area;
    if (state.areas[n] && ack.saved.revision >= (state.areas[n].revision || 0)) state.areas[n] = ack.saved;
  }
  if (item.event === "submit_plan" && ack.version && state.versions) {
    if (!state.versions.some((v) => v.number === ack.version.number)) state.versions.push(ack.version);
    state.status = "submitted";
  }
}

export function acked(activity, item, ack) {
  if (item.data && item.data.activity === activity.key) ackedPlan(activity.state, item, ack);
}

/** Contributions that need no rebuild of a page of its own, only fresh save states. */
export const quiet = new Set(["save_plan_area"]);

// --- The participant's own full pages --------------------------------------------------------

/**
 * Run a kind's phone view on a page of its own (usable after the day): the activity comes from the
 * page, contributions go through the same outbox as the phone view (same localStorage key).
 */
export function standalone(root, kind, { activity, extraEvents = {} } = {}) {
  const participantId = root.dataset.participant;
  const current = activity || JSON.parse(root.dataset.activity);
  const errorNode = document.getElementById("page-error");
  const outboxStatus = document.getElementById("outbox-status");
  const view = root.querySelector("[data-view]") || root;
  let outbox = null;
  let queued = false;

  const live = connect("phone", null, {
    render() { refreshStatuses(); },
    connected() { if (outbox) outbox.flush(); },
    connectError(err) {
      if (err && err.message && err.message.includes("Join")) window.location.href = root.dataset.joinUrl || "/join";
    },
  });
  const ctx = {
    view: "phone",
    standalone: true,
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
  // the page is not rebuilt under the typing fingers (a rebuilt field loses the phone's keyboard).
  function settle(event, ack = null) {
    if (kind.quiet && kind.quiet.has(event) && !(ack && ack.stale)) refreshStatuses();
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
  function draw() {
    redrawKeeping(view, (fresh) => kind.phone(fresh, current, ctx));
  }
  outbox = new Outbox(`workshop-outbox-v1-${participantId}`, live.socket, {
    onAck(item, ack) {
      if (kind.acked) kind.acked(current, item, ack, ctx);
      settle(item.event, ack);
    },
    onReject(item, error) {
      showError(`Not saved: ${error}`);
      redrawSoon();
    },
    onChange(items) {
      if (outboxStatus) outboxStatus.textContent = items.length ? `${items.length} waiting to be sent` : "";
      refreshStatuses();
    },
  });
  outbox.onChange(outbox.items);
  live.socket.on("activity_event", (event) => {
    if (event.activity === current.key && kind.apply(current, event, ctx)) redrawSoon();
  });
  for (const [name, handler] of Object.entries(extraEvents)) {
    live.socket.on(name, (payload) => {
      if (handler(current, payload, ctx)) redrawSoon();
    });
  }
  window.addEventListener("online", () => outbox.flush());
  watchConnection(ctx);
  draw();
  return { ctx, current, redraw: redrawSoon };
}

const page = document.getElementById("plan-page");
if (page) standalone(page, { phone, apply, acked, quiet });
