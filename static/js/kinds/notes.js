// `notes`: private notes on the seven strategies of Handout 4.1, autosaved while typing; the same
// view runs on the participant's own page /me/notes.
"use strict";

import { el, put } from "../live.js";
import { autosaved, field, statusLine, watchConnection } from "../autosave.js";
import { standalone } from "../phonehost.js";
import { visuallyHidden } from "./common.js";

// Each strategy's note is autosaved on its own; what it shows is the newest of server, outbox and typing.
const notes = autosaved({
  event: "save_note",
  saveKey: (index) => `note-${index}`,
  stored: (activity, index) => {
    const note = activity.state.notes[index] || { text: "", revision: 0 };
    return { value: note.text, revision: note.revision };
  },
  queued: (item, index) => (item.data.strategy === index ? item.data.text : undefined),
  payload: (activity, index, draft) => ({ activity: activity.key, strategy: index, text: draft.value, revision: draft.revision }),
});

export function phone(root, activity, ctx) {
  watchConnection(ctx);
  const links = activity.config.links || {};
  put(root,
    el(ctx.standalone ? "h1" : "h2", { text: activity.title }), // the page's own title on /me/notes
    el("p", { class: "hint" }, "Private: only you can read these notes. They are saved as you type and kept with your record",
      ctx.standalone ? "." : [", also after today: ", el("a", { href: links.notes, target: "_blank", text: "my notes on a full page" }), "."]),
    el("ol", { class: "strategy-notes" }, activity.config.strategies.map((strategy, index) => el("li", { class: "strategy-note" },
      el(ctx.standalone ? "h2" : "h3", { text: strategy.title }), // under the h1 on /me/notes
      el("p", { class: "muted", text: strategy.text }),
      field("textarea", `note-${index}`, ["My notes", visuallyHidden(` on ${strategy.title}`)], notes.shown(activity, ctx, index).value,
        { rows: 3, maxlength: activity.config.note_max, oninput: (event) => notes.edit(activity, ctx, index, event.target.value) }),
      statusLine(`note-${index}-status`, notes.status(activity, ctx, index)),
    ))),
  );
}

export function staff(root, activity, ctx) {
  put(root, el("h2", { text: activity.title }));
  if (ctx.view === "console") {
    put(root,
      el("p", { class: "plan-counts", role: "status", "aria-live": "polite" }, el("strong", { text: String(activity.state.writers || 0) }),
        activity.state.writers === 1 ? " participant has written notes" : " participants have written notes"),
      el("p", { class: "muted", text: "Notes are private: you see how many people wrote some, never what they say." }));
    return;
  }
  put(root,
    el("p", { class: "pj-lead", text: "On your phone: write your own notes under each strategy. Only you can read them." }),
    el("ol", { class: "pj-strategies" }, activity.config.strategies.map((s) => el("li", { text: s.title }))));
}

export function apply(activity, event) {
  const state = activity.state;
  if (event.type === "writers") {
    state.writers = event.writers;
  } else if (event.type === "note_saved" && state.notes) {
    const note = state.notes[event.note.strategy];
    if (note && event.note.revision > (note.revision || 0)) state.notes[event.note.strategy] = event.note;
  } else {
    return false;
  }
  return true;
}

export function acked(activity, item, ack) {
  if (item.event !== "save_note" || item.data.activity !== activity.key || !activity.state.notes) return;
  const note = activity.state.notes[ack.strategy];
  if (note && ack.revision >= (note.revision || 0)) {
    activity.state.notes[ack.strategy] = { strategy: ack.strategy, text: ack.text !== undefined ? ack.text : item.data.text, revision: ack.revision };
  }
}

const notesPage = document.getElementById("notes-page");
if (notesPage) standalone(notesPage, { phone, apply, acked, quiet: new Set(["save_note"]) });
