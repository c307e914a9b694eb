// `open`: an open question. Phones answer; the projector shows answers as they come.
"use strict";

import { el, put } from "../live.js";
import { postForm, postList, upsertPost } from "./common.js";

export function phone(root, activity, ctx) {
  const mine = activity.state.posts.concat(
    ctx.pending("post_answer", activity.key).map((item) => ({ text: item.data.text, pending: true })),
  );
  put(root,
    el("h2", { text: activity.config.prompt || activity.title }),
    postForm({
      id: `answer-${activity.key}`,
      label: "Your answer",
      onSubmit: (text) => ctx.contribute("post_answer", { activity: activity.key, text }),
    }),
    mine.length ? el("h3", { text: "Your answers" }) : null,
    mine.length ? postList(mine, { label: "Your answers" }) : null,
  );
}

export function staff(root, activity, ctx) {
  const shown = activity.state.posts.filter((p) => !p.merged_into && (ctx.view === "console" || !p.hidden));
  const controls = ctx.view === "console"
    ? (post) => el("button", {
        type: "button", class: "button button-small",
        onclick: () => ctx.live.send("moderate_answer", { activity: activity.key, post: post.id, action: post.hidden ? "show" : "hide" }).then(ctx.report),
        text: post.hidden ? "Show" : "Hide",
      })
    : null;
  put(root, el("h2", { text: activity.config.prompt || activity.title }));
  if (ctx.view === "projector") {
    put(root, el("ul", { class: "pj-posts", "aria-label": "Answers" }, shown.map((p) => el("li", { text: p.text, dataset: { post: String(p.id) } }))));
  } else {
    const visible = shown.filter((p) => !p.hidden).length;
    put(root, el("p", { class: "muted", text: visible === 1 ? "1 answer" : `${visible} answers` }), postList(shown, { staff: true, controls, label: "Answers" }));
    if (activity.config.has_samples) {
      put(root, el("button", {
        type: "button", class: "button",
        onclick: () => ctx.live.send("reveal_samples", { activity: activity.key, revealed: !activity.state.samples_revealed }).then(ctx.report),
        text: activity.state.samples_revealed ? "Hide sample answers" : "Reveal sample answers",
      }));
    }
  }
  if (activity.state.samples_revealed && activity.state.samples) {
    put(root, el("h3", { text: "Sample answers from the curriculum" }));
    put(root, el("ul", { class: ctx.view === "projector" ? "pj-posts" : "post-list" }, activity.state.samples.map((s) => el("li", { class: "sample", text: s }))));
  }
}

export function apply(activity, event) {
  if (event.type === "post_added" || event.type === "post_changed") upsertPost(activity.state.posts, event.post);
  if (event.type === "samples") {
    activity.state.samples_revealed = event.revealed;
    activity.state.samples = event.samples;
  }
  return true;
}

/** The server acknowledged one of this phone's answers: show it as saved. */
export function acked(activity, item, ack) {
  if (item.event === "post_answer" && ack.post && activity.key === item.data.activity) upsertPost(activity.state.posts, ack.post);
}
