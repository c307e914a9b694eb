// `poll`: each participant places one choice (where their agency is on the continuum).
"use strict";

import { el, put } from "../live.js";

export function phone(root, activity, ctx) {
  const pending = ctx.pending("place_choice", activity.key).pop();
  const chosen = pending ? pending.data.choice : activity.state.mine;
  put(root, 
    el("h2", { text: activity.config.prompt || activity.title }),
    el("p", { class: "hint", text: "Tap one. You can change it later." }),
    el("ul", { class: "choice-list" }, activity.config.options.map((option, index) =>
      el("li", {}, el("button", {
        type: "button", class: "button", "aria-pressed": String(chosen === index),
        onclick: () => {
          activity.state.mine = index;
          ctx.contribute("place_choice", { activity: activity.key, choice: index }, `place_choice:${activity.key}`);
        },
      }, el("span", {}, el("strong", { text: `${index + 1}. ${option.title}` }), option.text ? el("br") : null, option.text ? el("small", { text: option.text }) : null))))),
    chosen !== null && chosen !== undefined
      ? el("p", { class: `saved-state ${pending ? "unsaved" : "saved"}`, role: "status", text: pending ? "Sending…" : "Saved" })
      : null,
  );
}

export function staff(root, activity, ctx) {
  const counts = activity.state.counts;
  const total = counts.reduce((a, b) => a + b, 0);
  const biggest = Math.max(1, ...counts);
  const projector = ctx.view === "projector";
  put(root, el("h2", { text: activity.config.prompt || activity.title }));
  put(root, el("div", { class: projector ? "pj-bars" : "bars", role: "list", "aria-label": `${total} placements` },
    activity.config.options.map((option, index) => el("div", { class: projector ? "pj-bar" : "bar", role: "listitem" },
      el("span", { text: `${index + 1}. ${option.title}` }),
      projector ? el("span", { class: "pj-bar-track" }, el("span", { class: "pj-bar-fill", style: `display:block;width:${(100 * counts[index]) / biggest}%` })) : null,
      el("strong", { class: projector ? "pj-bar-count" : "", text: String(counts[index]) }),
    ))));
  put(root, el("p", { class: projector ? "" : "muted", text: `${total} placed · linkages on the left, partnerships on the right` }));
}

export function apply(activity, event) {
  if (event.type === "counts") activity.state.counts = event.counts;
  return true;
}
