// `checklist`: each participant marks the services that are weak or missing in their community
// (Handout 2.3, five columns). The console and projector show the gaps by column. A mark names its
// service by id. A service comes as its name alone when its id is the name's plain slug (every
// service of Handout 2.3: half the bytes to every phone), else as {id, name}; see
// services_on_the_wire in workshop/activities/checklist.py.
"use strict";

import { el, put } from "../live.js";
import { focusAfterRedraw, slug } from "./common.js";

// Which category (column of Handout 2.3) a phone shows open: one at a time, so the list is one
// category long, not five. Kept across redraws (after every tap); null: all folded.
const openCategory = new Map();

const MARK_LABELS = { weak: "Weak", missing: "Missing" };

/** The id of a service sent by its (plain ASCII) name alone: plain_slug in checklist.py. */
function plainSlug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

// The configuration's columns with every service as {id, name}, worked out once per configuration.
const expanded = new WeakMap();

/** config.columns as [{title, services: [{id, name}, ...]}, ...]. */
function columnsOf(config) {
  if (!expanded.has(config)) {
    expanded.set(config, config.columns.map((column) => ({
      title: column.title,
      services: column.services.map((sent) => (typeof sent === "string" ? { id: plainSlug(sent), name: sent } : sent)),
    })));
  }
  return expanded.get(config);
}

function markLabel(mark) {
  return MARK_LABELS[mark] || mark.charAt(0).toUpperCase() + mark.slice(1);
}

/** My marks: what the server has, overridden by taps still in the outbox. */
function myMarks(activity, ctx) {
  const marks = { ...(activity.state.mine || {}) };
  const pending = new Set();
  for (const item of ctx.pending("mark_service", activity.key)) {
    if (item.data.mark) marks[item.data.service] = item.data.mark;
    else delete marks[item.data.service];
    pending.add(item.data.service);
  }
  return { marks, pending };
}

/** Open category c (or fold them all: null); the focus goes to its heading's button. */
function showCategory(activity, ctx, c, focusId) {
  openCategory.set(activity.key, c);
  ctx.redraw();
  focusAfterRedraw(focusId);
}

export function phone(root, activity, ctx) {
  const { marks: kinds } = activity.config;
  const columns = columnsOf(activity.config);
  // All folded at first: the five categories with their counts fit a screen; the participant opens one.
  if (!openCategory.has(activity.key)) openCategory.set(activity.key, null);
  const open = openCategory.get(activity.key);
  const { marks, pending } = myMarks(activity, ctx);
  const base = slug(activity.key);
  const set = (service, mark) => {
    const next = marks[service] === mark ? null : mark;
    ctx.contribute("mark_service", { activity: activity.key, service, mark: next }, `mark_service:${activity.key}:${service}`);
  };
  // Marks of services since taken out of the handout are not shown, so not counted either.
  const total = columns.reduce((n, column) => n + column.services.filter((service) => marks[service.id]).length, 0);
  put(root,
    el("h2", { text: activity.title }),
    el("p", { class: "hint", text: `${activity.config.prompt} Open a category, then tap ${kinds.map(markLabel).join(" or ")} beside a service; tap again to clear it.` }),
    activity.handout ? el("p", {}, el("a", { href: activity.handout.url, target: "_blank", text: `Handout ${activity.handout.number}: ${activity.handout.title}` })) : null,
    el("ol", { class: "checklist-categories", "aria-label": "Categories of services" }, columns.map((column, c) => {
      const isOpen = c === open;
      const count = column.services.filter((service) => marks[service.id]).length;
      const counted = `${count} of ${column.services.length} marked`;
      const tabId = `${base}-cat-${c}`;
      const panelId = `${base}-cat-${c}-services`;
      const next = c + 1 < columns.length
        ? el("button", { type: "button", class: "button button-wide", id: `${base}-cat-${c}-next`, onclick: () => showCategory(activity, ctx, c + 1, `${base}-cat-${c + 1}`) },
            `Next category: ${columns[c + 1].title}`)
        : el("button", { type: "button", class: "button button-wide", id: `${base}-cat-${c}-next`, onclick: () => showCategory(activity, ctx, null, `${base}-cat-0`) },
            "Done: fold the categories");
      return el("li", { class: ["checklist-column", isOpen ? "open" : ""].join(" ").trim() },
        el("h3", { class: "checklist-heading" },
          el("button", {
            type: "button", id: tabId, class: "checklist-toggle", "aria-expanded": String(isOpen), "aria-controls": panelId,
            onclick: () => showCategory(activity, ctx, isOpen ? null : c, tabId),
          },
            el("span", { class: "checklist-arrow", "aria-hidden": "true", text: isOpen ? "▾ " : "▸ " }),
            el("span", { class: "checklist-title", text: column.title }),
            el("span", { class: "checklist-count", text: ` · ${counted}` }))),
        el("div", { id: panelId, class: "checklist-panel", hidden: !isOpen },
          el("ul", { class: "checklist", "aria-label": column.title }, column.services.map((service, i) => {
            const key = service.id;
            const nameId = `${base}-svc-${c}-${i}`;
            return el("li", { class: marks[key] ? `marked marked-${marks[key]}` : null },
              el("span", { id: nameId, class: "checklist-name", text: service.name }),
              el("span", { class: "checklist-buttons", role: "group", "aria-labelledby": nameId },
                kinds.map((mark) => el("button", {
                  type: "button", id: `${base}-${mark}-${c}-${i}`, class: `button mark-${mark}`,
                  "aria-pressed": String(marks[key] === mark), onclick: () => set(key, mark),
                }, markLabel(mark)))),
              pending.has(key) ? el("small", { class: "saved-state unsaved", text: "sending…" }) : null);
          })),
          next));
    })),
    el("p", { class: "saved-state", role: "status", text: pending.size ? "Sending…" : total ? `${total} ${total === 1 ? "service" : "services"} marked · saved` : "" }),
  );
}

function totals(summary) {
  return Object.values(summary).reduce((a, b) => a + b, 0);
}

export function staff(root, activity, ctx) {
  const { marks: kinds } = activity.config;
  const columns = columnsOf(activity.config);
  const state = activity.state;
  const projector = ctx.view === "projector";
  const biggest = Math.max(1, ...state.columns.map(totals));
  put(root, el("h2", { text: activity.title }),
    el("p", { class: projector ? "pj-lead" : "muted" },
      `${state.people} ${state.people === 1 ? "person has" : "people have"} marked services. `,
      // The bars' colours, named (the key of the chart).
      kinds.map((mark) => el("span", { class: "gap-key" }, el("span", { class: `gap-swatch gap-${mark}`, "aria-hidden": "true" }), markLabel(mark)))));
  put(root, el("div", { class: projector ? "pj-gaps" : "gaps" }, columns.map((column, c) => {
    const summary = state.columns[c] || {};
    const top = column.services
      .map((service) => ({ service: service.name, counts: state.services[service.id] || {} }))
      .filter((row) => totals(row.counts) > 0)
      .sort((a, b) => totals(b.counts) - totals(a.counts))
      .slice(0, projector ? 5 : 8);
    return el("section", { class: projector ? "pj-gap" : "gap", "aria-label": column.title },
      el("h3", { text: column.title }),
      el("div", { class: "gap-bar", role: "img", "aria-label": kinds.map((m) => `${summary[m] || 0} ${m}`).join(", ") },
        kinds.map((mark) => el("span", { class: `gap-fill gap-${mark}`, style: `width:${(100 * (summary[mark] || 0)) / biggest}%` }))),
      el("p", { class: "gap-numbers" }, kinds.map((mark, n) => [n ? " · " : "", el("strong", { text: String(summary[mark] || 0) }), ` ${mark}`]).flat()),
      top.length
        ? el("ol", { class: "gap-top", "aria-label": `Most marked in ${column.title}` }, top.map((row) =>
            el("li", {}, el("span", { text: row.service }), el("small", { text: ` ${kinds.filter((m) => row.counts[m]).map((m) => `${row.counts[m]} ${m}`).join(" · ")}` }))))
        : el("p", { class: "muted", text: "No marks yet." }));
  })));
}

export function apply(activity, event) {
  if (event.type !== "tally") return false;
  activity.state.services = event.services;
  activity.state.columns = event.columns;
  activity.state.people = event.people;
  return true;
}

export function acked(activity, item, ack) {
  if (item.event !== "mark_service" || activity.key !== item.data.activity || !activity.state.mine) return;
  if (ack.mark) activity.state.mine[ack.service] = ack.mark;
  else delete activity.state.mine[ack.service];
}
