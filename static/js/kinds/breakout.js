// `breakout`: family-scenario groups. Phones: the group's scenario, the recorder, the two lists
// (the recorder edits, the others suggest), report-back with additions, the debrief questions.
// Console: phases, group timer, members and recorders, moving people, who is on the projector.
// Projector: the groups' progress, one group's lists at report-back, the debrief questions.
"use strict";

import { el, put } from "../live.js";
import { slug, upsertPost } from "./common.js";

// Per activity: which items are being edited, which folds are open (redraws keep them).
const ui = new Map();
function uiFor(key) {
  if (!ui.has(key)) ui.set(key, { editing: new Set(), folds: new Map() });
  return ui.get(key);
}

function familyOf(activity, position) {
  return activity.config.groups[position] || { name: "", title: "" };
}

function groupLabel(activity, group) {
  const family = familyOf(activity, group.position);
  return `Group ${group.position + 1}: ${family.title || group.name}`;
}

function shown(items) {
  return items.filter((p) => !p.hidden && !p.merged_into);
}

function categoryTag(activity, post) {
  if (post.category === null || post.category === undefined) return null;
  const category = activity.config.categories[post.category];
  return category ? el("span", { class: "category-tag", title: category.examples || null, text: `${post.category + 1} · ${category.title}` }) : null;
}

function originTag(post) {
  if (post.origin === "addition") return el("span", { class: "origin-tag addition", text: "added at report-back" });
  if (post.origin === "suggestion") return el("span", { class: "origin-tag suggestion", text: post.author ? `suggested by ${post.author}` : "suggestion" });
  return null;
}

/** A fold (details) whose open state survives redraws. */
function fold(activity, id, summary, body, { open = false } = {}) {
  const folds = uiFor(activity.key).folds;
  const rendered = folds.has(id) ? folds.get(id) : open;
  // Chromium also fires "toggle" for the initial state: remember only what the person changed.
  const details = el("details", { class: "fold", open: rendered, ontoggle: () => { if (details.open !== rendered) folds.set(id, details.open); } },
    el("summary", {}, summary), body);
  return details;
}

function categorySelect(activity, id, selected = null) {
  return el("select", { id },
    el("option", { value: "", text: "No category" }),
    activity.config.categories.map((c, i) => el("option", { value: String(i), selected: selected === i, text: `${i + 1}. ${c.title}` })));
}

function readCategory(id) {
  const value = document.getElementById(id).value;
  return value === "" ? null : Number(value);
}

// --- phone -------------------------------------------------------------------------------------

function applyPending(activity, ctx, mine) {
  // What this phone has sent but the server has not acknowledged yet.
  const pending = (event) => ctx.pending(event, activity.key);
  const edits = new Map(pending("edit_item").map((item) => [item.data.item, item.data]));
  const removing = new Set(pending("remove_item").map((item) => item.data.item));
  const accepting = new Set(pending("accept_suggestion").map((item) => item.data.item));
  const items = shown(mine.items).map((post) => {
    const edit = edits.get(post.id);
    const next = { ...post };
    if (edit) {
      if ("text" in edit) next.text = edit.text;
      if ("category" in edit) next.category = edit.category;
      next.pending = true;
    }
    if (accepting.has(post.id)) { next.origin = "item"; next.pending = true; }
    if (removing.has(post.id)) next.removing = true;
    return next;
  });
  const added = pending("add_item").concat(pending("suggest_item"))
    .map((item) => pendingItem(item, item.event === "add_item" ? "item" : "suggestion"));
  return items.concat(added);
}

/** An item still in the outbox, drawn like a stored one. */
function pendingItem(item, origin) {
  return { id: null, text: item.data.text, column: item.data.list, category: item.data.category ?? null, origin, pending: true };
}

/** The text and category typed into an item form, then cleared; null when the text is empty. */
function takeItem(textId, catId) {
  const input = document.getElementById(textId);
  const text = input.value.trim();
  if (!text) return null;
  input.value = "";
  const category = readCategory(catId);
  document.getElementById(catId).value = "";
  return { text, category };
}

/** The text box and Handout 2.4 category of an item form (its label comes before, per form). */
function itemFields(activity, textId, catId) {
  return [
    el("textarea", { id: textId, rows: 2, maxlength: activity.config.item_max }),
    el("label", { for: catId, text: "Category of collaborator (Handout 2.4)" }),
    categorySelect(activity, catId),
  ];
}

function itemRow(activity, ctx, post, recorder, base) {
  const state = uiFor(activity.key);
  const editing = post.id && state.editing.has(post.id);
  const send = (event, data, key = null) => ctx.contribute(event, { activity: activity.key, ...data }, key);
  const controls = recorder && post.id && !post.pending && !post.removing;
  // Opening and closing the edit form is local: swap this row, no round trip.
  const toggle = (on) => {
    if (on) state.editing.add(post.id); else state.editing.delete(post.id);
    const fresh = itemRow(activity, ctx, post, recorder, base);
    row.replaceWith(fresh);
    const focus = fresh.querySelector(on ? "textarea" : "button");
    if (focus) focus.focus();
  };
  let row;
  if (editing) {
    const textId = `${base}-edit-${post.id}`;
    const catId = `${base}-editcat-${post.id}`;
    row = el("li", { class: "item editing" },
      el("form", { class: "form item-edit", onsubmit: (event) => {
        event.preventDefault();
        const text = document.getElementById(textId).value.trim();
        if (!text) return;
        state.editing.delete(post.id);
        send("edit_item", { item: post.id, text, category: readCategory(catId) }, `edit_item:${activity.key}:${post.id}`);
      } },
        el("label", { for: textId, text: "Item" }),
        el("textarea", { id: textId, rows: 2, maxlength: activity.config.item_max }, post.text),
        el("label", { for: catId, text: "Category of collaborator" }),
        categorySelect(activity, catId, post.category),
        el("div", { class: "item-buttons" },
          el("button", { type: "submit", class: "button button-primary" }, "Save"),
          el("button", { type: "button", class: "button", onclick: () => toggle(false) }, "Cancel"))));
    return row;
  }
  const named = (label) => ({ "aria-label": `${label}: ${post.text}`, text: label });
  row = el("li", { class: ["item", `origin-${post.origin}`, post.pending ? "pending" : "", post.removing ? "removing" : ""].join(" ").trim() },
    el("span", { class: "item-text", text: post.text }),
    el("span", { class: "item-tags" }, categoryTag(activity, post), originTag(post),
      post.pending ? el("span", { class: "saved-state unsaved", text: "sending…" }) : null,
      post.removing ? el("span", { class: "saved-state unsaved", text: "removing…" }) : null),
    controls ? el("span", { class: "item-buttons" },
      post.origin === "suggestion"
        ? el("button", { type: "button", class: "button button-small", onclick: () => send("accept_suggestion", { item: post.id }), ...named("Accept") })
        : el("button", { type: "button", class: "button button-small", onclick: () => toggle(true), ...named("Edit") }),
      el("button", { type: "button", class: "button button-small", onclick: () => send("remove_item", { item: post.id }),
        ...named(post.origin === "suggestion" ? "Dismiss" : "Remove") })) : null);
  return row;
}

function listSection(activity, ctx, group, items, list, { recorder, editable, base }) {
  const title = activity.config.lists[list];
  const mine = items.filter((p) => p.column === list && p.origin !== "suggestion");
  const suggestions = items.filter((p) => p.column === list && p.origin === "suggestion");
  const textId = `${base}-new-${list}`;
  const catId = `${base}-cat-${list}`;
  const event = recorder ? "add_item" : "suggest_item";
  return el("section", { class: "group-list", "aria-labelledby": `${base}-list-${list}` },
    el("h3", { id: `${base}-list-${list}`, text: `${list + 1}. ${title}` }),
    mine.length
      ? el("ul", { class: "item-list", "aria-label": title }, mine.map((post) => itemRow(activity, ctx, post, recorder && editable, base)))
      : el("p", { class: "muted", text: "Nothing on this list yet." }),
    suggestions.length ? [
      el("h4", { class: "suggestions-title", text: recorder ? "Suggestions to accept" : "Suggestions for the recorder" }),
      el("ul", { class: "item-list", "aria-label": `Suggestions for ${title}` }, suggestions.map((post) => itemRow(activity, ctx, post, recorder && editable, base))),
    ] : null,
    editable ? el("form", { class: "form item-form", onsubmit: (e) => {
      e.preventDefault();
      const item = takeItem(textId, catId);
      if (item) ctx.contribute(event, { activity: activity.key, group: group.id, list, ...item });
    } },
      el("label", { for: textId, text: recorder ? `Add to “${title}”` : `Suggest for “${title}”` }),
      itemFields(activity, textId, catId),
      el("button", { type: "submit", class: `button button-wide ${recorder ? "button-primary" : ""}` }, recorder ? "Add to the list" : "Suggest to the recorder")) : null);
}

function recorderPanel(activity, ctx, mine) {
  const me = ctx.participantId;
  const members = mine.members;
  const holder = members.find((m) => m.id === mine.recorder);
  const choose = (id) => ctx.live.send("choose_recorder", { activity: activity.key, recorder: id }).then(ctx.report);
  const base = slug(activity.key);
  if (mine.recorder === me) {
    const others = members.filter((m) => m.id !== me);
    const selectId = `${base}-handover`;
    return el("div", { class: "recorder-panel is-recorder" },
      el("p", {}, el("strong", { text: "You are the recorder." }), " You keep the group's two lists; the others can suggest items."),
      others.length ? el("div", { class: "handover" },
        el("label", { for: selectId, text: "Hand the role to" }),
        el("select", { id: selectId }, others.map((m) => el("option", { value: String(m.id), text: m.name }))),
        el("button", { type: "button", class: "button", onclick: () => choose(Number(document.getElementById(selectId).value)) }, "Hand over")) : null);
  }
  if (!holder) {
    return el("div", { class: "recorder-panel" },
      el("p", { text: "Choose a recorder: the person who keeps the group's lists and reports them to the room." }),
      el("button", { type: "button", class: "button button-primary button-wide", onclick: () => choose(me) }, "I will be the recorder"));
  }
  return el("div", { class: "recorder-panel" },
    el("p", {}, el("strong", { text: holder.name }), " is the recorder. Suggest items below; the recorder adds them to the list."),
    holder.connected ? null : el("button", { type: "button", class: "button", onclick: () => choose(me) }, `Take over from ${holder.name} (not connected)`));
}

function scenarioNode(html) {
  // The scenario is curriculum text rendered on the server from Markdown with HTML disabled,
  // never anything a participant typed; it is parsed inert and imported.
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
  return document.importNode(doc.body.firstElementChild, true);
}

function myGroup(activity, ctx, { folded = false } = {}) {
  const mine = activity.state.mine;
  const base = slug(activity.key);
  const recorder = mine.recorder === ctx.participantId;
  const items = applyPending(activity, ctx, mine);
  const counts = activity.config.lists.map((_, l) => items.filter((p) => p.column === l && p.origin !== "suggestion").length);
  const body = el("div", { class: "my-group" },
    el("p", { class: "members" }, el("strong", { text: "Your group: " }),
      mine.members.map((m) => `${m.name}${m.id === mine.recorder ? " (recorder)" : ""}${m.id === ctx.participantId ? " (you)" : ""}`).join(", ")),
    recorderPanel(activity, ctx, mine),
    mine.scenario_html ? fold(activity, `scenario-${mine.id}`, `The scenario: ${familyOf(activity, mine.position).title || mine.name}`,
      el("div", { class: "scenario" }, scenarioNode(mine.scenario_html)), { open: activity.state.phase === "work" && !mine.items.length }) : null,
    activity.config.lists.map((_, list) => listSection(activity, ctx, mine, items, list, { recorder, editable: true, base })));
  if (folded) {
    return fold(activity, `mine-${mine.id}`, `Your group's lists (${counts.join(" + ")} items)`, body);
  }
  return el("section", { class: "breakout-group", "aria-labelledby": `${base}-mine` },
    el("p", { class: "eyebrow", text: "Your group" }),
    el("h3", { id: `${base}-mine`, class: "group-title", text: groupLabel(activity, mine) }),
    body);
}

function reportView(activity, ctx) {
  const report = activity.state.report;
  const base = `${slug(activity.key)}-add`;
  const pending = ctx.pending("add_addition", activity.key).filter((item) => item.data.group === report.id)
    .map((item) => pendingItem(item, "addition"));
  const items = shown(report.items).concat(pending);
  const listId = `${base}-list`;
  const textId = `${base}-text`;
  const catId = `${base}-cat`;
  const family = familyOf(activity, report.position);
  return el("section", { class: "breakout-report", "aria-labelledby": `${base}-title` },
    el("p", { class: "eyebrow", text: "Reporting now" }),
    el("h3", { id: `${base}-title`, class: "group-title", text: groupLabel(activity, report) }),
    activity.config.lists.map((title, list) => {
      const rows = items.filter((p) => p.column === list);
      return el("section", { class: "group-list" },
        el("h4", { text: `${list + 1}. ${title}` }),
        rows.length ? el("ul", { class: "item-list", "aria-label": title }, rows.map((post) => itemRow(activity, ctx, post, false, base)))
          : el("p", { class: "muted", text: "Nothing on this list yet." }));
    }),
    activity.state.mine ? el("form", { class: "form item-form addition-form", onsubmit: (e) => {
      e.preventDefault();
      const item = takeItem(textId, catId);
      if (item) ctx.contribute("add_addition", { activity: activity.key, group: report.id, list: Number(document.getElementById(listId).value), ...item });
    } },
      el("h4", { text: `Add a suggestion for the ${family.name || report.name} family` }),
      el("label", { for: listId, text: "To the list" }),
      el("select", { id: listId }, activity.config.lists.map((title, l) => el("option", { value: String(l), text: title }))),
      el("label", { for: textId, text: "Your suggestion" }),
      itemFields(activity, textId, catId),
      el("button", { type: "submit", class: "button button-primary button-wide" }, "Add my suggestion")) : null);
}

function debriefView(activity, { projector = false } = {}) {
  const debrief = activity.config.debrief;
  if (!debrief) return el("p", { text: "Debrief" });
  return el("section", { class: projector ? "pj-debrief" : "breakout-debrief", "aria-label": "Debrief" },
    el("p", { class: projector ? "pj-lead" : "eyebrow", text: "Debrief" }),
    el("ul", { class: projector ? "pj-questions" : "questions" }, debrief.questions.map((q) => el("li", { text: q }))));
}

export function phone(root, activity, ctx) {
  const state = activity.state;
  put(root, el("h2", { text: activity.title }));
  if (state.phase === "debrief") {
    put(root, debriefView(activity));
    if (state.mine) put(root, myGroup(activity, ctx, { folded: true }));
    return;
  }
  if (!state.mine) {
    put(root, el("p", { text: "You are not in a group yet: the trainer will place you in a moment." }));
    if (state.phase === "report" && state.report) put(root, reportView(activity, ctx));
    return;
  }
  if (state.phase === "report") {
    if (state.report) {
      put(root, reportView(activity, ctx), myGroup(activity, ctx, { folded: true }));
      return;
    }
    const mineReporting = state.reporting === state.mine.id;
    put(root, el("p", { class: mineReporting ? "notice" : "hint", text: mineReporting
      ? "Your group is on the screen now: the recorder reports, the other groups can add suggestions."
      : "Report-back: each group shows its lists in turn." }));
  } else {
    put(root, el("p", { class: "hint", text: "Choose a recorder, read the scenario out loud, then list (1) the family's existing resources and (2) the services and supports it needs but does not use." }));
  }
  put(root, myGroup(activity, ctx));
}

// --- console and projector ---------------------------------------------------------------------

function listCounts(activity, group) {
  const items = shown(group.items || []);
  return {
    lists: activity.config.lists.map((_, l) => items.filter((p) => p.column === l && p.origin !== "suggestion").length),
    suggestions: items.filter((p) => p.origin === "suggestion").length,
    additions: items.filter((p) => p.origin === "addition").length,
  };
}

function installPresenceWatch(activity, ctx) {
  // A phone that connects while the groups are open is placed by the server as it connects; the
  // console hears only its presence, so it fetches the groups again when it sees someone new.
  const socket = ctx.live.socket;
  if (socket.__breakoutWatch) return;
  socket.__breakoutWatch = true;
  socket.on("presence", (row) => {
    const current = ctx.live.state && ctx.live.state.activity;
    if (!current || current.kind !== "breakout" || !row.connected) return;
    const known = current.state.groups.some((g) => g.members.some((m) => m.id === row.id))
      || current.state.unassigned.some((p) => p.id === row.id);
    if (!known) ctx.live.resync();
  });
}

function consoleView(root, activity, ctx) {
  installPresenceWatch(activity, ctx);
  const state = activity.state;
  const send = (event, data) => ctx.live.send(event, { activity: activity.key, ...data }).then(ctx.report);
  const phases = [["work", "Group work"], ["report", "Report-back"], ["debrief", "Debrief"]];
  const moveSelect = (person, currentGroup) => {
    const id = `move-${person.id}`;
    return [el("label", { class: "visually-hidden", for: id, text: `Move ${person.name} to` }),
      el("select", { id, class: "move-select", onchange: (e) => { if (e.target.value) send("move_member", { participant: person.id, group: Number(e.target.value) }); } },
        el("option", { value: "", text: "Move to…" }),
        state.groups.filter((g) => g.id !== currentGroup).map((g) => el("option", { value: String(g.id), text: `${g.position + 1}. ${g.name}` })))];
  };
  put(root,
    el("h2", { text: activity.title }),
    el("div", { class: "controls phase-controls", role: "group", "aria-label": "Phase" },
      phases.map(([phase, label]) => el("button", { type: "button", class: "button", "aria-pressed": String(state.phase === phase),
        onclick: () => send("set_phase", { phase }) }, label))),
    el("div", { class: "controls" },
      el("button", { type: "button", class: "button button-primary",
        onclick: () => ctx.live.send("timer", { action: "start", minutes: activity.config.minutes, label: "Group work" }).then(ctx.report) },
        `Start ${activity.config.minutes}-minute group timer`),
      el("button", { type: "button", class: "button", onclick: () => {
        if (window.confirm("Deal everyone into the groups again? Recorders start over; the lists stay with their family.")) send("reshuffle_groups", {});
      } }, "Reshuffle groups")),
    state.phase === "report" ? el("p", { class: "muted", text: state.reporting ? "" : "Choose the group to put on the projector." }) : null,
    state.unassigned.length ? el("div", { class: "unassigned" },
      el("h3", { text: `Not in a group (${state.unassigned.length})` }),
      el("ul", { class: "people" }, state.unassigned.map((p) => el("li", { class: p.connected ? "online" : null }, p.name, " ", moveSelect(p, null))))) : null,
    state.groups.map((group) => {
      const counts = listCounts(activity, group);
      const recorder = group.members.find((m) => m.id === group.recorder);
      const onScreen = state.phase === "report" && state.reporting === group.id;
      return el("section", { class: `group-card${onScreen ? " on-screen" : ""}`, "aria-label": groupLabel(activity, group), dataset: { group: group.id } },
        el("h3", { text: groupLabel(activity, group) }, onScreen ? el("span", { class: "badge", text: " on the projector" }) : null),
        el("p", { class: "group-progress" },
          `${group.members.length} ${group.members.length === 1 ? "member" : "members"} · recorder: `,
          el("strong", { text: recorder ? recorder.name : "none yet" }), " · ",
          activity.config.lists.map((title, l) => [l ? " · " : "", `${title}: `, el("strong", { class: "count", text: String(counts.lists[l]) })]).flat(),
          counts.suggestions ? ` · ${counts.suggestions} ${counts.suggestions === 1 ? "suggestion" : "suggestions"} waiting` : "",
          counts.additions ? ` · ${counts.additions} ${counts.additions === 1 ? "addition" : "additions"}` : ""),
        el("ul", { class: "people" }, group.members.map((m) => el("li", { class: m.connected ? "online" : null },
          m.name, m.id === group.recorder ? " (recorder) " : " ", moveSelect(m, group.id)))),
        el("div", { class: "controls" },
          onScreen
            ? el("button", { type: "button", class: "button", onclick: () => send("report_group", { group: null }) }, "Take off the projector")
            : el("button", { type: "button", class: "button", onclick: () => send("report_group", { group: group.id }) }, "Show on the projector")),
        trainerNotes(activity, group),
        group.items.length ? fold(activity, `console-items-${group.id}`, "Items", el("ul", { class: "post-list" }, group.items.map((post) =>
          el("li", { class: post.hidden ? "hidden-post" : null },
            el("span", { text: `${activity.config.lists[post.column] ? `${post.column + 1}. ` : ""}${post.text}` }),
            el("small", { class: "muted", text: ` · ${post.origin}${post.author ? `, ${post.author}` : ""}` }),
            " ",
            el("button", { type: "button", class: "button button-small",
              onclick: () => send("moderate_item", { post: post.id, action: post.hidden ? "show" : "hide" }) }, post.hidden ? "Show" : "Hide"))))) : null);
    }));
}

/** The handout's trainer notes for a group's family: what it should find, points for the debrief. */
function trainerNotes(activity, group) {
  const notes = (activity.state.trainer_notes || [])[group.position];
  if (!notes || !(notes.needs || notes.discussion)) return null;
  return fold(activity, `console-notes-${group.id}`, "Trainer notes: what this group should find", el("div", { class: "trainer-notes" },
    notes.stage ? el("p", {}, el("strong", { text: "Casework stage: " }), notes.stage) : null,
    notes.resources ? [el("h4", { text: "Existing resources" }), el("ul", {}, notes.resources.map((r) => el("li", { text: r })))] : null,
    notes.needs ? [el("h4", { text: "Needs (the service on the service array)" }),
      el("ul", {}, notes.needs.map((n) => el("li", {}, n.need, " ", el("span", { class: "service-name", text: `(${n.service})` }))))] : null,
    notes.discussion ? [el("h4", { text: "For the discussion" }), el("ul", {}, notes.discussion.map((d) => el("li", { text: d })))] : null));
}

function projectorView(root, activity) {
  const state = activity.state;
  const reporting = state.phase === "report" ? state.groups.find((g) => g.id === state.reporting) : null;
  if (state.phase === "debrief") {
    put(root, el("h2", { text: activity.title }), debriefView(activity, { projector: true }));
    return;
  }
  if (reporting) {
    const items = shown(reporting.items).filter((p) => p.origin !== "suggestion");
    put(root,
      el("h2", { class: "pj-report-title", text: groupLabel(activity, reporting) }),
      el("div", { class: "pj-report" }, activity.config.lists.map((title, l) => el("section", { class: "pj-column" },
        el("h3", { text: title }),
        el("ul", { class: "pj-items" }, items.filter((p) => p.column === l).map((post) =>
          el("li", { class: post.origin === "addition" ? "addition" : null },
            post.origin === "addition" ? el("span", { class: "pj-plus", "aria-label": "added by another group", text: "+" }) : null,
            el("span", { text: post.text }),
            post.category !== null && post.category !== undefined && activity.config.categories[post.category]
              ? el("small", { class: "pj-category", text: `${post.category + 1} · ${activity.config.categories[post.category].title}` }) : null)))))),
      el("p", { class: "pj-legend" }, el("span", { class: "pj-plus", text: "+" }), " added by the other groups · add yours on your phone"));
    return;
  }
  put(root,
    el("h2", { text: state.phase === "report" ? "Report-back: each group in turn" : activity.title }),
    el("div", { class: "pj-groups" }, state.groups.map((group) => {
      const counts = listCounts(activity, group);
      const recorder = group.members.find((m) => m.id === group.recorder);
      const family = familyOf(activity, group.position);
      return el("section", { class: "pj-group" },
        el("p", { class: "pj-eyebrow", text: `Group ${group.position + 1}` }),
        el("h3", { text: family.title || group.name }),
        el("p", { text: `${group.members.length} ${group.members.length === 1 ? "person" : "people"} · recorder: ${recorder ? recorder.name : "—"}` }),
        el("dl", { class: "pj-counts" }, activity.config.lists.map((title, l) => [el("dt", { text: title }), el("dd", { text: String(counts.lists[l]) })]).flat()));
    })));
}

export function staff(root, activity, ctx) {
  if (ctx.view === "console") consoleView(root, activity, ctx);
  else projectorView(root, activity);
}

// --- deltas ------------------------------------------------------------------------------------

function upsertKeeping(items, post) {
  const known = items.find((p) => p.id === post.id);
  upsertPost(items, known ? { ...post, author: post.author || known.author } : post);
}

function removeFrom(items, id) {
  const index = items.findIndex((p) => p.id === id);
  if (index !== -1) items.splice(index, 1);
}

/** Every list of posts this view holds for a group. */
function holders(state, groupId) {
  const out = [];
  if (state.mine && state.mine.id === groupId) out.push(state.mine.items);
  if (state.report && state.report.id === groupId) out.push(state.report.items);
  if (state.unassigned) for (const g of state.groups) if (g.id === groupId && g.items) out.push(g.items);
  return out;
}

export function apply(activity, event) {
  const state = activity.state;
  if (event.type === "group") {
    const g = event.group;
    if (state.mine && state.mine.id === g.id) Object.assign(state.mine, { members: g.members, recorder: g.recorder });
    // The console and the projector hold every group (only the console has the unassigned list).
    const known = state.groups && state.groups.find((x) => x.id === g.id);
    if (known) Object.assign(known, { members: g.members, recorder: g.recorder });
    if (state.unassigned) {
      const placed = new Set(g.members.map((m) => m.id));
      state.unassigned = state.unassigned.filter((p) => !placed.has(p.id));
    }
    return true;
  }
  if (event.type === "item" || event.type === "post_changed") {
    const post = event.post;
    const groupId = event.group ?? post.group;
    for (const items of holders(state, groupId)) {
      if (items === (state.report && state.report.items) && post.origin === "suggestion") continue;
      upsertKeeping(items, post);
    }
    return true;
  }
  if (event.type === "item_removed") {
    for (const items of holders(state, event.group)) removeFrom(items, event.id);
    return true;
  }
  if (event.type === "phase") {
    Object.assign(state, { phase: event.phase, reporting: event.reporting, reported: event.reported });
    if (!state.unassigned) state.report = event.report && (!state.mine || event.report.id !== state.mine.id) ? event.report : null;
    return true;
  }
  return false;
}

export function acked(activity, item, ack) {
  if (activity.key !== item.data.activity || !ack) return;
  const state = activity.state;
  if (ack.removed) {
    for (const items of holders(state, ack.group)) removeFrom(items, ack.removed);
    return;
  }
  if (ack.post) for (const items of holders(state, ack.group)) upsertKeeping(items, ack.post);
}
