// `board`: the room posts to columns (casework stages, roles and responsibilities). Phones see the room's
// board live; the projector shows the columns with merged duplicates folded into one post and a
// count; the console hides, merges and reveals the handout's examples.
"use strict";

import { el, put } from "../live.js";
import { slug, upsertPost } from "./common.js";

const unfolded = new Map();

/** The post a (possibly chained) merged duplicate now belongs to. */
function keptPost(post, byId) {
  let current = post;
  const seen = new Set();
  while (current && current.merged_into && !seen.has(current.id)) {
    seen.add(current.id);
    const next = byId.get(current.merged_into);
    if (!next) return null; // merged into a post this view does not know
    current = next;
  }
  return current;
}

/** Shown posts of a column, each with the duplicates merged into it. */
function foldedColumn(posts, column, { withHidden = false } = {}) {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const kept = new Map();
  for (const post of posts) {
    if (post.column !== column || post.merged_into) continue;
    if (post.hidden && !withHidden) continue;
    kept.set(post.id, { post, duplicates: [] });
  }
  for (const post of posts) {
    if (post.column !== column || !post.merged_into) continue;
    const root = keptPost(post, byId);
    if (root && kept.has(root.id)) kept.get(root.id).duplicates.push(post);
  }
  return [...kept.values()];
}

function samplesOf(activity, column) {
  const samples = activity.state.samples || [];
  return samples[column] || [];
}

export function phone(root, activity, ctx) {
  const { columns } = activity.config;
  const base = slug(activity.key);
  const open = unfolded.get(activity.key) || new Set();
  unfolded.set(activity.key, open);
  const pending = ctx.pending("post_to_board", activity.key);
  const inputId = `${base}-text`;
  const columnId = `${base}-column`;
  const form = el("form", { class: "form", onsubmit: (event) => {
    event.preventDefault();
    const input = document.getElementById(inputId);
    const select = document.getElementById(columnId);
    const text = input.value.trim();
    if (!text) return;
    const column = Number(select.value);
    open.add(column);
    input.value = "";
    ctx.contribute("post_to_board", { activity: activity.key, column, text });
  } },
    el("label", { for: columnId, text: "Column" }),
    el("select", { id: columnId }, columns.map((title, c) => el("option", { value: String(c), text: title }))),
    el("label", { for: inputId, text: "Your post" }),
    el("textarea", { id: inputId, rows: 2, maxlength: activity.config.post_max }),
    el("button", { type: "submit", class: "button button-primary button-wide", text: "Post" }));
  const shown = activity.state.posts.filter((p) => !p.hidden && !p.merged_into);
  put(root,
    el("h2", { text: activity.title }),
    activity.config.prompt ? el("p", { text: activity.config.prompt }) : null,
    activity.handout ? el("p", {}, el("a", { href: activity.handout.url, target: "_blank", text: `Handout ${activity.handout.number}: ${activity.handout.title}` })) : null,
    form,
    el("h3", { text: "The room's board" }),
    columns.map((title, c) => {
      const posts = shown.filter((p) => p.column === c);
      const waiting = pending.filter((item) => item.data.column === c);
      const samples = activity.state.samples_revealed ? samplesOf(activity, c) : [];
      const details = el("details", { class: "board-column", open: open.has(c), ontoggle: () => {
        if (details.open) open.add(c); else open.delete(c);
      } },
        el("summary", {}, el("span", { text: title }), el("span", { class: "checklist-count", text: ` · ${posts.length + waiting.length}` })),
        posts.length || waiting.length
          ? el("ul", { class: "post-list", "aria-label": `Posts in ${title}` },
              posts.map((p) => el("li", { class: p.mine ? "mine" : null }, el("span", { text: p.text }), p.mine ? el("small", { class: "muted", text: " · yours" }) : null)),
              waiting.map((item) => el("li", { class: "pending" }, el("span", { text: item.data.text }), el("span", { class: "saved-state unsaved", text: " · sending…" }))))
          : el("p", { class: "muted", text: "Nothing posted yet." }),
        samples.length
          ? [el("p", { class: "sample-note", text: `From Handout ${activity.handout ? activity.handout.number : ""}:` }),
             el("ul", { class: "post-list samples" }, samples.map((s) => el("li", { class: "sample", text: s })))]
          : null);
      return details;
    }),
  );
}

function moderate(activity, ctx, post, action, into) {
  return ctx.live.send("moderate_post", { activity: activity.key, post: post.id, action, into }).then(ctx.report);
}

function consoleColumn(activity, ctx, title, c) {
  const entries = foldedColumn(activity.state.posts, c, { withHidden: true });
  const targets = entries.filter((e) => !e.post.hidden);
  return el("section", { class: "board-console-column", "aria-label": title },
    el("h3", { text: `${title} (${entries.length})` }),
    entries.length ? el("ul", { class: "post-list" }, entries.map(({ post, duplicates }) => {
      const selectId = `merge-${post.id}`;
      const others = targets.filter((e) => e.post.id !== post.id);
      return el("li", { class: post.hidden ? "hidden-post" : null, dataset: { post: post.id } },
        el("span", { text: post.text }),
        post.author ? el("small", { class: "muted", text: ` · ${post.author}` }) : null,
        post.hidden ? el("small", { text: " (hidden)" }) : null,
        el("div", { class: "post-controls" },
          el("button", { type: "button", class: "button button-small", onclick: () => moderate(activity, ctx, post, post.hidden ? "show" : "hide") }, post.hidden ? "Show" : "Hide"),
          others.length ? [
            el("label", { class: "visually-hidden", for: selectId, text: `Merge “${post.text}” into` }),
            el("select", { id: selectId, class: "merge-select" }, el("option", { value: "", text: "Duplicate of…" }),
              others.map((e) => el("option", { value: String(e.post.id), text: e.post.text.slice(0, 60) }))),
            el("button", { type: "button", class: "button button-small", onclick: () => {
              const into = Number(document.getElementById(selectId).value);
              if (into) moderate(activity, ctx, post, "merge", into);
            } }, "Merge"),
          ] : null),
        duplicates.length ? el("ul", { class: "merged-list", "aria-label": "Merged duplicates" }, duplicates.map((dup) =>
          el("li", {}, el("span", { text: dup.text }), dup.author ? el("small", { class: "muted", text: ` · ${dup.author}` }) : null,
            el("button", { type: "button", class: "button button-small", onclick: () => moderate(activity, ctx, dup, "unmerge") }, "Unmerge")))) : null);
    })) : el("p", { class: "muted", text: "No posts yet." }));
}

export function staff(root, activity, ctx) {
  const { columns } = activity.config;
  const state = activity.state;
  put(root, el("h2", { text: activity.title }));
  if (ctx.view === "console") {
    const total = state.posts.filter((p) => !p.merged_into && !p.hidden).length;
    put(root, el("p", { class: "muted", text: total === 1 ? "1 post shown" : `${total} posts shown` }));
    if (activity.config.has_samples) {
      put(root, el("button", {
        type: "button", class: "button",
        onclick: () => ctx.live.send("reveal_board_samples", { activity: activity.key, revealed: !state.samples_revealed }).then(ctx.report),
      }, state.samples_revealed ? "Hide the handout's examples" : "Reveal the handout's examples"));
    }
    put(root, columns.map((title, c) => consoleColumn(activity, ctx, title, c)));
    return;
  }
  const board = el("div", { class: "pj-board", style: `grid-template-columns: repeat(${Math.min(columns.length, 4)}, minmax(0, 1fr))` },
    columns.map((title, c) => {
      const entries = foldedColumn(state.posts, c);
      const samples = state.samples_revealed ? samplesOf(activity, c) : [];
      return el("section", { class: "pj-column", "aria-label": title },
        el("h3", { text: title }),
        el("ul", { class: "pj-posts" }, entries.map(({ post, duplicates }) => el("li", { dataset: { post: String(post.id) } },
          el("span", { text: post.text }),
          duplicates.length ? el("span", { class: "pj-count", "aria-label": `${duplicates.length + 1} people`, text: `×${duplicates.length + 1}` }) : null)),
          samples.map((s) => el("li", { class: "sample", text: s }))));
    }));
  put(root, board);
  if (state.samples_revealed) put(root, el("p", { class: "pj-legend" }, el("span", { class: "pj-swatch" }), ` From Handout ${activity.handout ? activity.handout.number : ""}`));
}

export function apply(activity, event) {
  if (event.type === "post_added" || event.type === "post_changed") {
    // Deltas never say whose a post is: keep what this view already knew.
    const known = activity.state.posts.find((p) => p.id === event.post.id);
    upsertPost(activity.state.posts, known ? { ...event.post, mine: known.mine, author: event.post.author || known.author } : event.post);
  } else if (event.type === "samples") {
    activity.state.samples_revealed = event.revealed;
    activity.state.samples = event.samples;
  } else return false;
  return true;
}

export function acked(activity, item, ack) {
  if (item.event === "post_to_board" && ack.post && activity.key === item.data.activity) upsertPost(activity.state.posts, ack.post);
}
