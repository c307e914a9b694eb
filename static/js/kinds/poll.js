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
      }, el("span", {},
        // Said in words, not only by the fill colour; a screen reader hears "pressed" (aria-pressed) instead.
        chosen === index ? el("span", { class: "choice-mark", "aria-hidden": "true", text: "✓ Your choice" }) : null,
        el("strong", { text: `${index + 1}. ${option.title}` }),
        option.text ? el("br") : null, option.text ? el("small", { text: option.text }) : null))))),
    chosen !== null && chosen !== undefined
      ? el("p", { class: `saved-state ${pending ? "unsaved" : "saved"}`, role: "status", text: pending ? "Sending…" : "Saved" })
      : null,
  );
}

function percent(count, total) {
  return total ? Math.round((100 * count) / total) : 0;
}

/**
 * The continuum: a left-to-right axis from one end to the other with a stop per option, and above
 * each stop a stack whose height is its share of everyone who answered (12 % looks like 12 %).
 */
function continuum(activity, counts, total, projector) {
  const [left, right] = activity.config.axis;
  const options = activity.config.options;
  return el("figure", { class: projector ? "cn-chart pj-cn" : "cn-chart" },
    el("ol", { class: "cn-stops", "aria-label": `From ${left} to ${right}` }, options.map((option, index) =>
      el("li", { class: "cn-stop", dataset: { share: String(total ? counts[index] / total : 0) } },
        el("span", { class: "cn-figure", text: `${counts[index]} · ${percent(counts[index], total)}%` }),
        el("span", { class: "cn-track", "aria-hidden": "true" },
          el("span", { class: "cn-stack", style: `height:${total ? (100 * counts[index]) / total : 0}%` })),
        el("span", { class: "cn-point", "aria-hidden": "true" }, el("span", { class: "cn-dot" })),
        el("span", { class: "cn-label", text: `${index + 1}. ${option.title}` }),
        el("span", { class: "visually-hidden", text: `: ${counts[index]} of ${total}` })))),
    el("figcaption", { class: "cn-axis" },
      el("span", { text: `← ${left}` }),
      el("span", { text: `${total} placed` }),
      el("span", { text: `${right} →` })));
}

export function staff(root, activity, ctx) {
  const counts = activity.state.counts;
  const total = counts.reduce((a, b) => a + b, 0);
  const projector = ctx.view === "projector";
  put(root, el("h2", { text: activity.config.prompt || activity.title }));
  if (activity.config.axis && projector) {
    put(root, continuum(activity, counts, total, projector));
    return;
  }
  put(root, el("div", { class: projector ? "pj-bars" : "bars", role: "list", "aria-label": `${total} placements` },
    activity.config.options.map((option, index) => el("div", { class: projector ? "pj-bar" : "bar", role: "listitem" },
      el("span", { text: `${index + 1}. ${option.title}` }),
      projector ? el("span", { class: "pj-bar-track" }, el("span", { class: "pj-bar-fill", style: `display:block;width:${percent(counts[index], total)}%` })) : null,
      el("strong", { class: projector ? "pj-bar-count" : "", text: `${counts[index]} (${percent(counts[index], total)}%)` }),
    ))));
  const ends = activity.config.axis ? ` · ${activity.config.axis[0]} first, ${activity.config.axis[1]} last` : "";
  put(root, el("p", { class: projector ? "" : "muted", text: `${total} placed${ends}` }));
}

export function apply(activity, event) {
  if (event.type === "counts") activity.state.counts = event.counts;
  return true;
}
