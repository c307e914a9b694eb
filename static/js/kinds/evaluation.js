// `evaluation`: the day's anonymous evaluation. Phones rate statements and answer open questions,
// once; staff views see only how many have answered.
"use strict";

import { el, put } from "../live.js";
import { slug } from "./common.js";

const ANONYMOUS = "Anonymous: your answers are stored without your name. The trainer sees only how many have answered, and a summary after the day.";
const drafts = new Map();

export function phone(root, activity, ctx) {
  const { scale, ratings, questions } = activity.config;
  const pending = ctx.pending("send_evaluation", activity.key).length > 0;
  put(root, el("h2", { text: activity.title }), el("p", { class: "privacy-note", text: ANONYMOUS }));
  if (activity.state.sent || pending) {
    put(root, el("p", { class: `saved-state ${pending ? "unsaved" : "saved"}`, role: "status",
      text: pending ? "Sending…" : "Your evaluation is sent. Thank you!" }));
    return;
  }
  const base = `eval-${slug(activity.key)}`;
  const draft = drafts.get(activity.key) || {};
  const form = el("form", { class: "form eval-form", onsubmit: (event) => {
    event.preventDefault();
    const now = drafts.get(activity.key) || {};
    const picked = ratings.map((_, index) => now[index] || null);
    const answers = questions.map((_, index) => document.getElementById(`${base}-q${index}`).value.trim());
    if (picked.every((r) => r === null) && answers.every((a) => !a)) {
      ctx.report({ ok: false, error: "Rate at least one statement first." });
      return;
    }
    drafts.delete(activity.key);
    ctx.contribute("send_evaluation", { activity: activity.key, ratings: picked, answers }, `send_evaluation:${activity.key}`);
  } });
  ratings.forEach((statement, index) => {
    put(form, el("fieldset", { class: "check-item" },
      el("legend", { text: `${index + 1}. ${statement}` }),
      scale.map((label, value) => el("label", { class: "radio-choice" },
        el("input", {
          type: "radio", name: `${base}-r${index}`, id: `${base}-r${index}-${value + 1}`, value: String(value + 1),
          checked: draft[index] === value + 1,
          onchange: () => drafts.set(activity.key, { ...(drafts.get(activity.key) || {}), [index]: value + 1 }),
        }),
        el("span", { text: label }),
      )),
    ));
  });
  questions.forEach((question, index) => {
    const id = `${base}-q${index}`;
    put(form, el("label", { for: id, text: question }), el("textarea", { id, rows: 3, maxlength: 1000 }));
  });
  put(form, el("button", { type: "submit", class: "button button-primary button-wide", text: "Send my evaluation" }));
  put(root, form);
}

export function acked(activity, item, ack) {
  if (item.event === "send_evaluation" && ack.ok) activity.state.sent = true;
}

export function staff(root, activity, ctx) {
  const { answered, participants } = activity.state;
  put(root,
    el("h2", { text: activity.title }),
    el("p", { class: ctx.view === "projector" ? "pj-lead" : "", role: "status", text: `${answered} of ${participants} have answered` }),
    el("p", { class: ctx.view === "projector" ? "" : "muted", text: "Anonymous: only counts are shown here; the summary is on the evaluation page after the day." }),
  );
}

export function apply(activity, event) {
  if (event.type !== "counts") return false;
  activity.state.answered = event.answered;
  activity.state.participants = event.participants;
  return true;
}
