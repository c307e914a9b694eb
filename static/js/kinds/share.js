// `share`: pick a colleague, read each other's plans (read-only, while sharing is open) and leave
// ideas on each area. The console and projector see who shares with whom, never a plan.
"use strict";

import { el, put } from "../live.js";
import { visuallyHidden } from "./common.js";
import { ackedPlan } from "./plan.js";

function joinNames(list, last = "and") {
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} ${last} ${list[list.length - 1]}` : list[0] || "";
}

function names(members, me) {
  return joinNames(members.filter((m) => m.id !== me).map((m) => m.name));
}

function readArea(area, strategies) {
  const picked = (area.strategies || []).map((i) => strategies[i]).filter(Boolean);
  const row = (label, value) => (value ? [el("dt", { text: label }), el("dd", { text: value })] : null);
  const rows = [
    row("What is challenging", area.challenge),
    row("Strategies", picked.join("; ")),
    row("Actions", area.actions),
    row("How they will know they are successful", area.success),
    row("Target date", area.target_date),
  ].filter(Boolean).flat();
  return rows.length ? el("dl", { class: "plan-read" }, rows) : el("p", { class: "muted", text: "Nothing written here yet." });
}

function ideasFor(ideas, pending) {
  const all = ideas.concat(pending);
  if (!all.length) return null;
  return el("ul", { class: "post-list" }, all.map((idea) => el("li", { class: idea.pending ? "pending" : null },
    el("span", { text: idea.text }),
    el("small", { class: "muted", text: idea.pending ? " · sending…" : ` · ${idea.author}` }))));
}

function partnerPlan(activity, ctx, partner) {
  const { strategies } = activity.config;
  const pending = ctx.pending("add_idea", activity.key).filter((item) => item.data.owner === partner.id);
  return el("section", { class: "partner-plan", "aria-labelledby": `partner-${partner.id}` },
    el("h3", { id: `partner-${partner.id}`, text: `${partner.name}'s plan` }),
    partner.plan.areas.map((area, n) => {
      const inputId = `idea-${partner.id}-${n}`;
      const where = `${partner.name}'s area ${n + 1}`;
      return el("div", { class: "partner-area" },
        el("h4", { text: `Area ${n + 1}${area.agency ? `: ${area.agency}` : ""}` }),
        readArea(area, strategies),
        ideasFor(partner.plan.ideas.filter((idea) => idea.area === n),
          pending.filter((item) => item.data.area === n).map((item) => ({ text: item.data.text, pending: true }))),
        el("form", { class: "form idea-form", onsubmit: (event) => {
          event.preventDefault();
          const input = document.getElementById(inputId);
          const text = input.value.trim();
          if (!text) return;
          input.value = "";
          ctx.contribute("add_idea", { activity: activity.key, owner: partner.id, area: n, text });
        } },
          el("label", { for: inputId }, "Your idea", visuallyHidden(` for ${where}`)),
          el("textarea", { id: inputId, rows: 2, maxlength: activity.config.idea_max }),
          el("button", { type: "submit", class: "button" }, "Leave this idea", visuallyHidden(` for ${where}`))));
    }));
}

function picker(activity, ctx) {
  const others = (activity.state.available || []).filter((p) => p.id !== ctx.participantId);
  const pick = (person) => ctx.live.send("pick_colleague", { activity: activity.key, participant: person.id }).then(ctx.report);
  return el("section", { "aria-labelledby": "share-pick-title" },
    el("h3", { id: "share-pick-title", text: "Pick a colleague you respect and trust" }),
    el("p", { class: "hint", text: "You will see each other's plans, read-only, while sharing is open, and can leave ideas on each area. Your colleague is paired with you at once." }),
    others.length
      ? el("ul", { class: "choice-list" }, others.map((person) => el("li", {},
          el("button", { type: "button", class: "button", onclick: () => pick(person) },
            el("span", {}, el("strong", { text: person.name }), person.agency ? ` · ${person.agency}` : "",
              person.connected ? "" : el("small", { class: "muted", text: " (not connected)" }))))))
      : el("p", { class: "muted", text: "Nobody is free right now. The trainer can pair everyone who is left." }),
    el("button", { type: "button", class: "button", onclick: () => ctx.live.resync && ctx.live.resync() }, "Refresh the list"),
  );
}

export function phone(root, activity, ctx) {
  const state = activity.state;
  put(root, el("h2", { text: activity.title }));
  if (!state.open) {
    put(root, el("p", { text: "Sharing has ended. The ideas your colleague left stay with your plan." }));
    return;
  }
  if (!state.circle) {
    put(root, picker(activity, ctx));
    return;
  }
  const mine = state.mine || { areas: [], ideas: [] };
  put(root,
    el("p", { class: "share-with", role: "status" }, "You are sharing with ", el("strong", { text: names(state.circle.members, ctx.participantId) }), "."),
    el("p", { class: "hint", text: "Take turns: read your colleague's plan, talk it through, and leave ideas on each area. Plans are read-only here." }),
    state.partners.map((partner) => partnerPlan(activity, ctx, partner)),
    el("section", { class: "partner-plan my-ideas", "aria-labelledby": "share-mine-title" },
      el("h3", { id: "share-mine-title", text: "Ideas on my plan" }),
      mine.areas.map((area, n) => el("div", { class: "partner-area" },
        el("h4", { text: `Area ${n + 1}${area.agency ? `: ${area.agency}` : ""}` }),
        ideasFor(mine.ideas.filter((idea) => idea.area === n), []) || el("p", { class: "muted", text: "No ideas yet." })))),
    el("button", {
      type: "button", class: "button",
      onclick: () => ctx.live.send("leave_circle", { activity: activity.key }).then(ctx.report),
    }, "Leave this pairing"),
  );
}

export function staff(root, activity, ctx) {
  const state = activity.state;
  const atConsole = ctx.view === "console";
  put(root, el("h2", { text: activity.title }));
  const connectedLeft = (state.unpaired || []).filter((p) => p.connected).length;
  const unpaired = state.unpaired || [];
  if (!atConsole) {
    put(root,
      el("p", { class: "pj-lead", text: "On your phone, pick a colleague you respect and trust. Read each other's plan and leave ideas on each area." }),
      el("ul", { class: "pj-posts", "aria-label": "Who shares with whom" }, state.circles.map((circle) => el("li", { text: joinNames(circle.members, "&") }))),
      unpaired.length ? el("p", { class: "pj-lead", text: `Still looking for a colleague: ${joinNames(unpaired.map((p) => p.name))}` }) : null,
    );
    return;
  }
  put(root,
    el("p", { class: "muted", text: `${state.circles.length} pairings · ${unpaired.length} not yet paired` }),
    el("ul", { class: "circle-list" }, state.circles.map((circle) => el("li", { text: joinNames(circle.members, "&") }))),
  );
  if (state.unpaired.length) {
    put(root,
      el("h3", { text: "Not yet paired" }),
      el("ul", { class: "people" }, state.unpaired.map((p) => el("li", { class: p.connected ? "online" : null, text: p.name }))));
  }
  put(root,
    el("button", {
      type: "button", class: "button", disabled: connectedLeft === 0,
      onclick: () => ctx.live.send("pair_remaining", { activity: activity.key }).then(ctx.report),
    }, `Pair everyone left (${connectedLeft} connected)`),
    el("p", { class: "muted", text: "With an odd number, the last one joins a pair. You never see the plans." }));
}

function findPlan(state, owner, me) {
  if (owner === me) return state.mine;
  const partner = (state.partners || []).find((p) => p.id === owner);
  return partner ? partner.plan : null;
}

/**
 * Console: someone connected or left (`known`: the console already knew this participant). The
 * "not yet paired" list and "Pair everyone left (N connected)" follow; a newcomer is not paired yet.
 */
export function presence(activity, row, known) {
  const unpaired = activity.state.unpaired;
  if (!unpaired) return false;
  const person = unpaired.find((p) => p.id === row.id);
  if (person) person.connected = row.connected;
  else if (!known) unpaired.push({ id: row.id, name: row.name, connected: row.connected });
  else return false;
  return true;
}

export function apply(activity, event, ctx) {
  const state = activity.state;
  const me = ctx && ctx.participantId;
  if (event.type === "available") {
    state.available = event.available;
  } else if (event.type === "circles") {
    state.circles = event.circles;
    state.unpaired = event.unpaired;
  } else if (event.type === "idea_added") {
    const plan = findPlan(state, event.owner, me);
    if (!plan) return false;
    if (!plan.ideas.some((idea) => idea.id === event.idea.id)) plan.ideas.push(event.idea);
  } else if (event.type === "partner_area") {
    const plan = findPlan(state, event.owner, me);
    if (!plan || event.owner === me) return false;
    const n = event.saved.area;
    if (plan.areas[n] && event.saved.revision > (plan.areas[n].revision || 0)) plan.areas[n] = event.saved;
  } else {
    return false;
  }
  return true;
}

export function acked(activity, item, ack, ctx) {
  const state = activity.state;
  if (item.event === "add_idea" && ack.idea && item.data.activity === activity.key) {
    const plan = findPlan(state, ack.owner, ctx && ctx.participantId);
    if (plan && !plan.ideas.some((idea) => idea.id === ack.idea.id)) plan.ideas.push(ack.idea);
  }
  if (item.event === "save_plan_area") ackedPlan(state.mine, item, ack);
}
