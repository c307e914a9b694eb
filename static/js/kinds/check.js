// `check`: the before/after knowledge check. Phones answer each question (one choice); staff views
// see how many have answered. Only the group's figures are ever reported, and the phone says so.
"use strict";

import { el, put } from "../live.js";
import { slug } from "./common.js";

export const PRIVACY = "Only the group's figures are reported (how the room did before and after, per competency), never your own answers: not to the trainer, not to your agency.";

// Choices picked but not sent yet, per activity: kept across redraws.
const drafts = new Map();

function chosen(activity, ctx) {
  const pending = ctx.pending("send_check", activity.key).pop();
  return { ...(activity.state.mine || {}), ...(pending ? pending.data.choices : {}), ...(drafts.get(activity.key) || {}) };
}

export function phone(root, activity, ctx) {
  const picks = chosen(activity, ctx);
  const items = activity.state.items;
  const pending = ctx.pending("send_check", activity.key).length > 0;
  const draft = drafts.get(activity.key) || {};
  const answered = items.filter((item) => picks[item.id] !== undefined).length;
  put(root,
    el("h2", { text: activity.title }),
    el("p", { class: "privacy-note", text: PRIVACY }),
    items.length ? null : el("p", { class: "muted", text: "This session's modules have no questions." }),
  );
  const form = el("form", { class: "form check-form", onsubmit: (event) => {
    event.preventDefault();
    const choices = chosen(activity, ctx);
    if (!Object.keys(choices).length) return;
    activity.state.mine = choices;
    drafts.delete(activity.key);
    ctx.contribute("send_check", { activity: activity.key, choices }, `send_check:${activity.key}`);
  } });
  items.forEach((item, number) => {
    const name = `check-${slug(activity.key)}-${item.id.replace(/\./g, "-")}`;
    put(form, el("fieldset", { class: "check-item" },
      el("legend", { text: `${number + 1}. ${item.question}` }),
      item.choices.map((choice, index) => el("label", { class: "radio-choice" },
        el("input", {
          type: "radio", name, id: `${name}-${index}`, value: String(index), checked: picks[item.id] === index,
          onchange: () => {
            drafts.set(activity.key, { ...(drafts.get(activity.key) || {}), [item.id]: index });
            const counter = root.querySelector(".check-count");
            if (counter) counter.textContent = `${items.filter((i) => chosen(activity, ctx)[i.id] !== undefined).length} of ${items.length} answered`;
          },
        }),
        el("span", { text: choice }),
      )),
    ));
  });
  const unsent = Object.keys(draft).length > 0;
  put(form,
    el("p", { class: "muted check-count", text: `${answered} of ${items.length} answered` }),
    el("button", { type: "submit", class: "button button-primary button-wide", text: activity.state.sent && !unsent ? "Send my changed answers" : "Send my answers" }),
    pending
      ? el("p", { class: "saved-state unsaved", role: "status", text: "Sending…" })
      : activity.state.sent && !unsent ? el("p", { class: "saved-state saved", role: "status", text: "Sent. Thank you!" }) : null,
  );
  if (items.length) put(root, form);
}

export function acked(activity, item, ack) {
  if (item.event === "send_check" && ack.ok) activity.state.sent = true;
}

export function staff(root, activity, ctx) {
  const { answered, participants } = activity.state;
  put(root,
    el("h2", { text: activity.title }),
    el("p", { class: ctx.view === "projector" ? "pj-lead" : "", role: "status", text: `${answered} of ${participants} have answered` }),
    el("p", { class: ctx.view === "projector" ? "" : "muted", text: `${activity.state.items} questions. ${PRIVACY}` }),
  );
}

export function apply(activity, event) {
  if (event.type !== "counts") return false;
  activity.state.answered = event.answered;
  activity.state.participants = event.participants;
  return true;
}
