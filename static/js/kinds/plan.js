// `plan`: My Personal Action Plan (Handout 4.2). Three areas, autosaved while typing (autosave.js),
// submitted in versions. The same view runs on the participant's own page /me/plan.
"use strict";

import { el, put } from "../live.js";
import { autosaved, field, flushDebounced, online, statusLine, watchConnection } from "../autosave.js";
import { standalone } from "../phonehost.js";
import { visuallyHidden } from "./common.js";

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

function areaCard(activity, ctx, n) {
  const { columns, strategies, limits } = activity.config;
  const value = areas.shown(activity, ctx, n).value;
  const id = (name) => `plan-a${n}-${name}`;
  const where = ` (area ${n + 1})`;
  const onText = (name) => (event) => edit(activity, ctx, n, { [name]: event.target.value });
  const toggle = (index) => (event) => {
    const now = areas.shown(activity, ctx, n).value.strategies.filter((s) => s !== index);
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
    statusLine(id("status"), areas.status(activity, ctx, n)),
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

const page = document.getElementById("plan-page");
if (page) standalone(page, { phone, apply, acked, quiet });
