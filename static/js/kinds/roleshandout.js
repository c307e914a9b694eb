// My Handout: the participant's own copy of the roles brainstorm (Module 4), under the board the
// curriculum marks `personal_copy: true` on the phone (the board kind, wrapped by withMyHandout in
// kinds/index.js) and on its own page (/me/handout-<number>, linked from the phone as #my-roles-link).
// Ideas are copied from the room's board or typed; the copy is kept with the record.
"use strict";

import { el, put } from "../live.js";
import { online, saveState, statusLine } from "../autosave.js";
import { standalone } from "../phonehost.js";
import { visuallyHidden } from "./common.js";

/** This phone's unsent changes to its handout, in the order they were made. */
function rolesPending(state, ctx) {
  return ctx.pending("save_roles_handout", state.activity).concat(ctx.pending("copy_roles_idea", state.activity))
    .sort((a, b) => a.at - b.at);
}

/** My handout as this phone should show it: the server's copy with the unsent changes replayed. */
function myRoles(state, ctx) {
  let mine = state.mine.map((column) => [...column]);
  const ideas = new Map(state.ideas.map((idea) => [idea.id, idea]));
  for (const item of rolesPending(state, ctx)) {
    if (item.event === "save_roles_handout") mine = item.data.columns.map((column) => [...column]);
    if (item.event === "copy_roles_idea") {
      const idea = ideas.get(item.data.post);
      if (idea && mine[idea.column] && !mine[idea.column].includes(idea.text)) mine[idea.column].push(idea.text);
    }
  }
  return mine;
}

function rolesPhone(root, state, ctx) {
  const mine = myRoles(state, ctx);
  const save = (columns) => ctx.contribute("save_roles_handout", { activity: state.activity, columns }, "roles-handout");
  put(root,
    statusLine("roles-status", () => saveState({ pending: rolesPending(state, ctx).length > 0, online: online(ctx), saved: mine.some((c) => c.length) })),
    el("div", { class: "roles-columns" }, state.columns.map((title, column) => {
      const ideas = state.ideas.filter((idea) => idea.column === column);
      const inputId = `roles-add-${column}`;
      return el("section", { class: "roles-column", "aria-labelledby": `roles-title-${column}` },
        el("h2", { id: `roles-title-${column}`, text: title }),
        el("h3", { text: "In my handout" }),
        mine[column].length
          ? el("ul", { class: "post-list", "aria-label": `My handout: ${title}` }, mine[column].map((text, index) => el("li", { class: "roles-item" },
              el("span", { text }),
              el("button", {
                type: "button", class: "button button-small", "aria-label": `Remove “${text}” from my handout`,
                onclick: () => save(mine.map((items, c) => (c === column ? items.filter((_, i) => i !== index) : items))),
              }, "Remove"))))
          : el("p", { class: "muted", text: "Nothing yet: copy the room's ideas below or add your own." }),
        el("h3", { text: "Ideas from the room" }),
        ideas.length
          ? el("ul", { class: "post-list", "aria-label": `Ideas from the room: ${title}` }, ideas.map((idea) => {
              const copied = mine[column].includes(idea.text);
              return el("li", { class: "roles-item" },
                el("span", { text: idea.text }),
                el("button", {
                  type: "button", class: "button button-small", disabled: copied, "aria-label": copied ? `Copied: “${idea.text}” is in my handout` : `Copy “${idea.text}” into my handout`,
                  onclick: () => ctx.contribute("copy_roles_idea", { activity: state.activity, post: idea.id }),
                }, copied ? "Copied ✓" : "Copy"));
            }))
          : el("p", { class: "muted", text: "No ideas from the room yet." }),
        el("form", { class: "form roles-add", onsubmit: (event) => {
          event.preventDefault();
          const input = document.getElementById(inputId);
          const text = input.value.trim();
          if (!text) return;
          input.value = "";
          save(mine.map((items, c) => (c === column ? [...items, text] : items)));
        } },
          el("label", { for: inputId }, "Add my own idea", visuallyHidden(` to ${title}`)),
          el("textarea", { id: inputId, rows: 2, maxlength: state.item_max }),
          el("button", { type: "submit", class: "button" }, "Add", visuallyHidden(` to ${title}`))));
    })),
  );
}

function rolesAcked(state, item, ack) {
  if ((item.event === "copy_roles_idea" || item.event === "save_roles_handout") && ack.mine && item.data.activity === state.activity) state.mine = ack.mine;
}

async function refreshRoles(root, state, redraw) {
  try {
    const fresh = await fetch(root.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((r) => r.json());
    state.ideas = fresh.ideas;
    state.mine = fresh.mine;
    redraw();
  } catch { /* offline: keep what is shown */ }
}

// On the phone, under the board with a personal copy: the same handout, copied from the board it shows.
const rolesCache = new Map(); // board activity key -> { mine } once fetched
const rolesOpen = new Set();
const rolesWatched = new WeakSet();

function rolesLink() {
  return document.getElementById("my-roles-link");
}

/** The handout's number as the curriculum gives it, and the id of its section under the board. */
function handoutNumber(activity) {
  return (activity.handout && activity.handout.number) || "";
}

function sectionId(activity) {
  return `my-handout-${handoutNumber(activity).replace(/\W/g, "-")}`;
}

function boardRolesState(activity, cached) {
  return {
    activity: activity.key,
    columns: activity.config.columns || [],
    ideas: (activity.state.posts || []).filter((p) => !p.hidden && !p.merged_into).map((p) => ({ id: p.id, text: p.text, column: p.column })),
    mine: cached.mine,
    item_max: 500,
  };
}

function myHandoutSection(activity, ctx) {
  const link = rolesLink();
  let cached = rolesCache.get(activity.key);
  const body = el("div", { class: "my-handout-body" });
  const details = el("details", { class: "my-handout", id: sectionId(activity), open: rolesOpen.has(activity.key), ontoggle: () => {
    if (details.open) rolesOpen.add(activity.key); else rolesOpen.delete(activity.key);
  } },
    el("summary", {}, el("strong", { text: `My Handout ${handoutNumber(activity)}` }), " · copy the room's ideas into your own handout"),
    body,
    link ? el("p", {}, el("a", { href: link.href, target: "_blank", text: `My Handout ${handoutNumber(activity)} on a full page` })) : null);
  const fill = () => {
    body.replaceChildren();
    if (cached && cached.mine) rolesPhone(body, boardRolesState(activity, cached), ctx);
    else body.append(el("p", { class: "muted", text: "Loading your handout…" }));
  };
  if (!cached && link) {
    cached = { mine: null };
    rolesCache.set(activity.key, cached);
    fetch(link.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((fresh) => {
        cached.mine = fresh.mine;
        const here = document.getElementById(sectionId(activity));
        if (here) {
          const again = myHandoutSection(activity, ctx);
          here.replaceWith(again);
        }
      })
      .catch(() => rolesCache.delete(activity.key));
  }
  const socket = ctx.live && ctx.live.socket;
  if (socket && !rolesWatched.has(socket)) {
    rolesWatched.add(socket);
    socket.on("roles_handout_changed", (payload) => {
      const entry = rolesCache.get(payload.activity);
      if (entry) entry.mine = payload.mine;
      const shown = ctx.live.state && ctx.live.state.activity;
      const here = shown && shown.key === payload.activity && document.getElementById(sectionId(shown));
      if (here) here.replaceWith(myHandoutSection(shown, ctx));
    });
  }
  fill();
  return details;
}

/** The board kind, with My Handout under the board on phones when the curriculum gives the board a personal copy. */
export function withMyHandout(board) {
  return {
    ...board,
    phone(root, activity, ctx) {
      board.phone(root, activity, ctx);
      if (activity.config.personal_copy && rolesLink()) put(root, myHandoutSection(activity, ctx));
    },
    acked(activity, item, ack, ctx) {
      if (board.acked) board.acked(activity, item, ack, ctx);
      const cached = rolesCache.get(activity.key);
      if (cached && cached.mine) {
        const state = { activity: activity.key, mine: cached.mine };
        rolesAcked(state, item, ack);
        cached.mine = state.mine;
      }
    },
  };
}

const rolesPage = document.getElementById("roles-page");
if (rolesPage) {
  const state = JSON.parse(rolesPage.dataset.state);
  const roles = {
    phone: (root, activity, ctx) => rolesPhone(root, activity.state, ctx),
    apply: () => false,
    acked: (activity, item, ack) => rolesAcked(activity.state, item, ack),
  };
  const activity = { key: state.activity, state };
  let page = null;
  page = standalone(rolesPage, roles, {
    activity,
    extraEvents: {
      // Another device of mine changed my handout.
      roles_handout_changed: (current, payload) => {
        if (payload.activity !== state.activity) return false;
        state.mine = payload.mine;
        return true;
      },
      // The board changed (a new idea, one hidden or merged): fetch the room's ideas again.
      activity_event: (current, event) => {
        if (event.activity === state.activity) refreshRoles(rolesPage, state, () => page && page.redraw());
        return false;
      },
      snapshot: () => {
        refreshRoles(rolesPage, state, () => page && page.redraw());
        return false;
      },
    },
  });
  document.getElementById("roles-refresh")?.addEventListener("click", () => refreshRoles(rolesPage, state, page.redraw));
}
