// `plan`: My Personal Action Plan (Handout 4.2). Three areas, autosaved while typing (autosave.js),
// submitted in versions. The same view runs on the participant's own page /me/plan.
"use strict";

import { el, put } from "../live.js";
import { autosaved, field, flushDebounced, online, statusLine, watchConnection } from "../autosave.js";
import { standalone } from "../phonehost.js";
import { focusAfterRedraw, visuallyHidden } from "./common.js";

const FIELD_NAMES = ["agency", "challenge", "strategies", "actions", "success", "target_date"];

function fieldsOf(area) {
  const fields = {};
  for (const name of FIELD_NAMES) fields[name] = name === "strategies" ? [...(area[name] || [])] : area[name] || "";
  return fields;
}

// Each area is autosaved on its own; what it shows is the newest of server, outbox and typing.
const areas = autosaved({
  event: "save_plan_area",
  saveKey: (n) => `plan-area-${n}`,
  stored: (activity, n) => ({ value: fieldsOf(activity.state.areas[n]), revision: activity.state.areas[n].revision }),
  queued: (item, n) => (item.data.area === n ? fieldsOf(item.data.fields) : undefined),
  payload: (activity, n, draft) => ({ activity: activity.key, area: n, fields: draft.value, revision: draft.revision }),
});

function edit(activity, ctx, n, changes) {
  areas.edit(activity, ctx, n, { ...areas.shown(activity, ctx, n).value, ...changes });
}

function ideaList(ideas, label) {
  if (!ideas.length) return null;
  return el("div", { class: "plan-ideas" },
    el("p", { class: "plan-ideas-title", text: label }),
    el("ul", { class: "post-list" }, ideas.map((idea) => el("li", { class: idea.pending ? "pending" : null },
      el("span", { text: idea.text }),
      el("small", { class: "muted", text: idea.pending ? " · sending…" : ` · ${idea.author}` })))));
}

// Which area each plan shows open (one at a time; null: all folded, to review and submit). Kept
// for the tab, so that a redraw or a reload opens the same area.
const openAreas = new Map();
const openKey = (key) => `workshop-plan-open-${key}`;
// Which areas' strategy lists are unfolded (by element id), so that a redraw keeps them open.
const unfoldedStrategies = new Set();

function openArea(activity, ctx) {
  if (!openAreas.has(activity.key)) {
    let kept = null;
    try { kept = sessionStorage.getItem(openKey(activity.key)); } catch { /* storage off */ }
    const first = activity.state.areas.findIndex((_, n) => !finished(areas.shown(activity, ctx, n).value));
    openAreas.set(activity.key, kept !== null ? (kept === "none" ? null : Number(kept)) : first === -1 ? null : first);
  }
  const n = openAreas.get(activity.key);
  return n !== null && n >= 0 && n < activity.state.areas.length ? n : null;
}

function setOpenArea(activity, n) {
  openAreas.set(activity.key, n);
  try { sessionStorage.setItem(openKey(activity.key), n === null ? "none" : String(n)); } catch { /* storage off */ }
}

/** Finished as the trainer's counts say complete: an agency, actions and how success will show. */
function finished(value) {
  return ["agency", "actions", "success"].every((name) => String(value[name] || "").trim());
}

function started(value) {
  return FIELD_NAMES.some((name) => (name === "strategies" ? (value[name] || []).length : String(value[name] || "").trim()));
}

/** A folded area in one line: the agency, how many strategies, the target date. */
function summary(value, ideas) {
  const fromColleague = ideas.length ? `${ideas.length} ${ideas.length === 1 ? "idea" : "ideas"} from your colleague` : null;
  if (!started(value)) return fromColleague ? `Not started · ${fromColleague}` : "Not started";
  const parts = [value.agency.trim() || "No agency yet"];
  if (value.strategies.length) parts.push(`${value.strategies.length} ${value.strategies.length === 1 ? "strategy" : "strategies"}`);
  if (value.target_date) parts.push(`by ${value.target_date}`);
  if (!finished(value)) parts.push("unfinished");
  if (fromColleague) parts.push(fromColleague);
  return parts.join(" · ");
}

/** Open area n (or fold them all: null) and take the focus to `focusId`, below the pinned bar. */
function showArea(activity, ctx, n, focusId) {
  setOpenArea(activity, n);
  ctx.redraw();
  focusAfterRedraw(focusId);
}

function areaStep(activity, ctx, n, open) {
  const { columns, strategies, limits } = activity.config;
  const value = areas.shown(activity, ctx, n).value;
  const total = activity.state.areas.length;
  const id = (name) => `plan-a${n}-${name}`;
  const where = ` (area ${n + 1})`;
  const onText = (name) => (event) => edit(activity, ctx, n, { [name]: event.target.value });
  const toggle = (index) => (event) => {
    const now = areas.shown(activity, ctx, n).value.strategies.filter((s) => s !== index);
    if (event.target.checked) now.push(index);
    edit(activity, ctx, n, { strategies: now.sort((a, b) => a - b) });
  };
  const ideas = (activity.state.ideas || []).filter((idea) => idea.area === n);
  const done = finished(value);
  const next = n === total - 1
    ? el("button", { type: "button", id: id("next"), class: "button button-primary button-wide", onclick: () => showArea(activity, ctx, null, "plan-submit") },
        "Done: fold the areas, to Submit")
    : el("button", { type: "button", id: id("next"), class: "button button-primary button-wide", onclick: () => showArea(activity, ctx, n + 1, `plan-a${n + 1}-tab`) },
        `Next: area ${n + 2} of ${total}`);
  return el("li", { class: ["plan-step", open ? "open" : "", done ? "done" : ""].join(" ").trim() },
    // One disclosure per area (a stepper read as an accordion): its name says which area, whether it
    // is finished, and what it holds while folded.
    el(areaHeading(ctx), { class: "plan-step-heading" },
      el("button", {
        type: "button", id: id("tab"), class: "plan-step-toggle", "aria-expanded": String(open), "aria-controls": id("card"),
        onclick: () => showArea(activity, ctx, open ? null : n, id("tab")),
      },
        el("span", { class: "plan-step-mark", "aria-hidden": "true", text: done ? "✓" : String(n + 1) }),
        el("span", { class: "plan-step-text" },
          // The tick in words: "Area 1 (finished) County mental health center · 2 strategies".
          el("span", { class: "plan-step-name" }, `Area ${n + 1}`,
            visuallyHidden(` (${done ? "finished" : started(value) ? "started" : "not started"})`)),
          open ? null : el("span", { class: "plan-step-summary", text: summary(value, ideas) })))),
    el("fieldset", { class: "plan-area", id: id("card"), hidden: !open },
      el("legend", { class: "visually-hidden", text: `Area ${n + 1}` }),
      el(subheading(ctx), { class: "plan-column", text: `1. ${columns[0] || "The agency and the relationship"}` }),
      field("input", id("agency"), ["Agency or organization", visuallyHidden(where)], value.agency,
        { maxlength: limits.agency, autocomplete: "off", oninput: onText("agency") }),
      field("textarea", id("challenge"), ["What is challenging or non-existent in the relationship", visuallyHidden(where)], value.challenge,
        { maxlength: limits.text, rows: 2, oninput: onText("challenge") }),
      el(subheading(ctx), { class: "plan-column", text: `2. ${columns[1] || "Strategies and actions"}` }),
      // Folded by default, so that an area fits about one screen; the summary says what is ticked.
      el("details", { class: "strategy-fold", id: id("strategies"), open: unfoldedStrategies.has(id("strategies")),
        ontoggle: (event) => {
          if (event.target.open) unfoldedStrategies.add(event.target.id); else unfoldedStrategies.delete(event.target.id);
        } },
        el("summary", {}, "Strategies from Handout 4.1",
          el("span", { class: "strategy-count", text: value.strategies.length ? ` · ${value.strategies.length} ticked` : " · choose" })),
        el("fieldset", { class: "strategy-picks" },
          el("legend", { class: "visually-hidden" }, "Strategies from Handout 4.1", where),
          strategies.map((title, index) => el("label", { class: "check", for: id(`s${index}`) },
            el("input", { type: "checkbox", id: id(`s${index}`), checked: value.strategies.includes(index), onchange: toggle(index) }),
            el("span", { text: title }))))),
      field("textarea", id("actions"), ["My actions", visuallyHidden(where)], value.actions,
        { maxlength: limits.text, rows: 2, oninput: onText("actions") }, "Using the strategies you ticked and your own ideas."),
      el(subheading(ctx), { class: "plan-column", text: `3. ${columns[2] || "How I will know I am successful"}` }),
      field("textarea", id("success"), ["What will show me I am successful", visuallyHidden(where)], value.success,
        { maxlength: limits.text, rows: 2, oninput: onText("success") }),
      el("div", { class: "plan-date" }, field("input", id("target_date"), ["Target date", visuallyHidden(where)], value.target_date,
        { type: "date", oninput: onText("target_date"), onchange: onText("target_date") })),
      ideaList(ideas, "Ideas from your colleague"),
      statusLine(id("status"), areas.status(activity, ctx, n)),
      next),
  );
}

/** The pinned bar: which area is open, and whether everything typed is saved (in every area). */
function planBar(activity, ctx, open) {
  const total = activity.state.areas.length;
  const line = statusLine("plan-bar-state", () => {
    const states = activity.state.areas.map((_, n) => areas.status(activity, ctx, n)());
    const worst = states.find(([, cls]) => cls === "unsaved") || states.find(([, cls]) => cls === "failed")
      || states.find(([, cls]) => cls === "saved") || ["Nothing written yet", ""];
    const done = activity.state.areas.filter((_, n) => finished(areas.shown(activity, ctx, n).value)).length;
    const where = open === null ? `${done} of ${total} areas finished` : `Area ${open + 1} of ${total}`;
    return [`${where} · ${worst[0]}`, worst[1]];
  });
  // Each area's own line speaks its save state; the bar is for the eye, not read out at each key.
  line.removeAttribute("role");
  line.removeAttribute("aria-live");
  return el("div", { class: "plan-bar" }, line);
}

function submitPart(activity, ctx) {
  const versions = activity.state.versions || [];
  const last = versions[versions.length - 1];
  const submit = () => {
    flushDebounced(`${activity.key}:`); // the last edits go first, so the version holds them
    ctx.contribute("submit_plan", { activity: activity.key });
  };
  return el("section", { class: "plan-submit", "aria-labelledby": "plan-submit-title" },
    el(areaHeading(ctx), { id: "plan-submit-title", text: "Submit my plan" }),
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

/** Under the phone's step heading (h1) the plan is an h2, its areas h3; on /me/plan its title is the h1. */
function areaHeading(ctx) {
  return ctx.standalone ? "h2" : "h3";
}

function subheading(ctx) {
  return ctx.standalone ? "h3" : "h4";
}

export function phone(root, activity, ctx) {
  watchConnection(ctx);
  const links = activity.config.links || {};
  const open = openArea(activity, ctx);
  put(root,
    el(ctx.standalone ? "h1" : "h2", { text: activity.title }), // the page's own title on /me/plan
    planBar(activity, ctx, open),
    el("p", { class: "notice", role: "note", text: activity.config.notice }),
    el("p", { class: "hint", text: "Choose three areas of your relationship with an agency or organization you find challenging or non-existent. Your plan is private and saved as you type." }),
    el("ol", { class: "plan-steps", "aria-label": "The areas of my plan" },
      activity.state.areas.map((_, n) => areaStep(activity, ctx, n, n === open))),
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

const page = document.getElementById("plan-page");
if (page) standalone(page, { phone, apply, acked, quiet });
