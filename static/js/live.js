// Shared by the phone, console and projector views: the Socket.IO connection, the snapshot and
// deltas, the outbox that keeps a phone's contributions until the server acknowledges them, and
// the countdown timer.
"use strict";

import { io } from "../vendor/socket.io.esm.min.js";

/** Build an element; text is always set as text, never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "style") node.style.cssText = value; // CSSOM, allowed by the page's CSP
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Append nodes to a parent, skipping null/false (DOM's own append would print "null"). */
export function put(parent, ...nodes) {
  parent.append(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  return parent;
}

export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

//: How many of the server's answers, and for how long, the outbox keeps for a phone's other tabs.
const ANSWERS_KEPT = 20;
const ANSWERS_KEPT_MS = 10 * 60 * 1000;

/**
 * Contributions waiting for the server's acknowledgement, kept in localStorage so that a sleeping
 * phone, a lost wifi or a server restart loses nothing. Items are sent in order; an item with a
 * `key` (an autosaved field) replaces an older unsent item with the same key.
 */
export class Outbox {
  constructor(storageKey, socket, { onAck, onReject, onChange, onBusy, onSentElsewhere, clock } = {}) {
    this.storageKey = storageKey;
    this.socket = socket;
    // The server's time now: each item is stamped with when it was queued, because after the
    // session ends the server still takes what was queued during the day, and nothing newer.
    this.clock = clock || (() => Date.now());
    this.onAck = onAck || (() => {});
    this.onReject = onReject || (() => {});
    this.onChange = onChange || (() => {});
    // Called with the server's "busy, retrying" message while it cannot save, and null once it can.
    this.onBusy = onBusy || (() => {});
    // Called when another tab of this phone delivered items this one was showing as waiting, and
    // left no answer for them here.
    this.onSentElsewhere = onSentElsewhere || (() => {});
    this.flushing = false;
    this.retryTimer = null;
    // Two tabs of one phone (the live page and "my plan" on a full page) share this outbox: each
    // hears the other's changes, shows the same state, and a connected tab sends what the other
    // queued (the client ids make a double send harmless). The tab that sends an item leaves the
    // server's answer under answersKey, so that the tab where it was typed hears it too, even
    // while that tab is offline: its save state then says what the server said, never a guess.
    this.answersKey = `${storageKey}-answers`;
    this.known = this.byId(this.items);
    window.addEventListener("storage", (event) => {
      if (event.key !== this.storageKey) return;
      const items = this.items;
      const now = this.byId(items);
      const gone = [...this.known.values()].filter((item) => !now.has(item.client_id));
      this.known = now;
      const answers = gone.length ? this.answers() : [];
      let unanswered = false;
      for (const item of gone) {
        const answer = answers.find((a) => a.client_id === item.client_id);
        if (!answer) unanswered = true;
        else if (answer.ack && answer.ack.ok) this.onAck(item, answer.ack);
        else this.onReject(item, (answer.ack && answer.ack.error) || "The server refused this.");
      }
      this.onChange(items);
      if (unanswered) this.onSentElsewhere();
      if (items.length) this.flush();
    });
  }
  byId(items) {
    return new Map(items.map((item) => [item.client_id, item]));
  }
  /** The server's latest answers to items this phone delivered, from any of its tabs. */
  answers() {
    try { return JSON.parse(localStorage.getItem(this.answersKey) || "[]"); } catch { return []; }
  }
  /** Keep the server's answer to an item for the other tabs (the last few, for a few minutes). */
  remember(item, ack) {
    const since = Date.now() - ANSWERS_KEPT_MS;
    const kept = this.answers().filter((a) => a.at > since && a.client_id !== item.client_id).slice(-(ANSWERS_KEPT - 1));
    try {
      localStorage.setItem(this.answersKey, JSON.stringify([...kept, { client_id: item.client_id, ack, at: Date.now() }]));
    } catch { /* storage full: the other tab resyncs instead */ }
  }
  get items() {
    try { return JSON.parse(localStorage.getItem(this.storageKey) || "[]"); } catch { return []; }
  }
  save(items) {
    localStorage.setItem(this.storageKey, JSON.stringify(items));
    this.known = this.byId(items);
    this.onChange(items);
  }
  add(event, data, key = null) {
    const item = { client_id: newClientId(), event, data, key, at: Date.now(), queued_at: Math.round(this.clock()) };
    let items = this.items;
    if (key) items = items.filter((other, index) => other.key !== key || (index === 0 && this.flushing));
    items.push(item);
    this.save(items);
    this.flush();
    return item;
  }
  pending(filter = () => true) {
    return this.items.filter(filter);
  }
  async flush() {
    if (this.flushing || !this.socket.connected) return;
    this.flushing = true;
    try {
      while (this.socket.connected) {
        const item = this.items[0];
        if (!item) break;
        let ack;
        try {
          ack = await this.socket.timeout(10000).emitWithAck(item.event, { ...item.data, client_id: item.client_id, queued_at: item.queued_at });
        } catch {
          break; // no answer in time: keep the item, try again after reconnecting
        }
        if (ack && !ack.ok && ack.retry) {
          this.onBusy(ack.busy ? ack.error : null);
          break;
        }
        this.onBusy(null);
        this.remember(item, ack); // before the item leaves the outbox: the other tabs read it then
        this.save(this.items.filter((other) => other.client_id !== item.client_id));
        if (ack && ack.ok) this.onAck(item, ack);
        else this.onReject(item, (ack && ack.error) || "The server refused this.");
      }
    } finally {
      this.flushing = false;
    }
    if (this.items.length) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.flush(), 3000);
    }
  }
}

/**
 * Speak a short line to screen readers through the page's one small announcer (#announcer, a
 * visually hidden status region). Big containers are never live: a step change or a board update
 * would re-read everything.
 */
export function announce(text) {
  const node = document.getElementById("announcer");
  if (!node || !text) return;
  // Cleared first, so the same line said twice is read twice.
  node.textContent = "";
  setTimeout(() => { node.textContent = text; }, 50);
}

//: The timer warns at two minutes and at thirty seconds left, in colour and in words.
const TIMER_WARNINGS = [
  { below: 0, name: "overtime", words: "time is up" },
  { below: 30, name: "last", words: "under 30 seconds" },
  { below: 120, name: "warn", words: "under 2 minutes" },
];

/**
 * Count down to the timer's end time, corrected for the difference between clocks. `onWarning`
 * hears each warning once per timer, as the countdown crosses it.
 */
export class Countdown {
  constructor(node, { showLabel = true, onWarning = null } = {}) {
    this.node = node;
    this.timer = null;
    this.offset = 0;
    this.showLabel = showLabel;
    this.onWarning = onWarning;
    this.warned = new Set();
    setInterval(() => this.draw(), 500);
  }
  set(timer) {
    // Views redraw from the same state object many times; the clock offset is only measured when
    // a new timer payload arrives, or an old server_now_ms would wind the countdown back.
    if (timer !== this.timer && timer && timer.server_now_ms) this.offset = timer.server_now_ms - Date.now();
    if (!timer || !this.timer || timer.ends_at_ms !== this.timer.ends_at_ms) this.warned = new Set();
    this.timer = timer;
    this.draw();
  }
  get secondsLeft() {
    const t = this.timer;
    if (!t || (!t.running && t.remaining_s === null)) return null;
    return t.running ? Math.round((t.ends_at_ms - (Date.now() + this.offset)) / 1000) : t.remaining_s;
  }
  draw() {
    const t = this.timer;
    if (!this.node) return;
    const left = this.secondsLeft;
    if (left === null) {
      this.node.hidden = true;
      return;
    }
    const abs = Math.abs(left);
    const text = `${left < 0 ? "+" : ""}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
    const warning = TIMER_WARNINGS.find((w) => left < w.below || (w.below && left === w.below));
    this.node.hidden = false;
    this.node.textContent = (this.showLabel && t.label ? `${t.label} ` : "") + text + (t.running ? "" : " (paused)");
    if (warning && t.running) this.node.append(document.createTextNode(" "), el("span", { class: "timer-words", text: `· ${warning.words}` }));
    for (const w of TIMER_WARNINGS) this.node.classList.toggle(w.name, warning === w);
    this.node.classList.toggle("paused", !t.running);
    if (warning && t.running && !this.warned.has(warning.name)) {
      // A timer that starts (or is loaded) already past a warning says nothing about it.
      const fresh = this.warned.size > 0 || left > warning.below - 3 || warning.below === 0;
      for (const w of TIMER_WARNINGS) if (w.below >= warning.below) this.warned.add(w.name);
      if (fresh && this.onWarning) this.onWarning(warning.words, left);
    }
  }
}

/** How often a view checks that it has not missed a change of the session. */
const VERSION_CHECK_MS = 5000;

/**
 * Connect a view. `handlers.render(state)` draws everything from the state; `handlers.activityEvent`
 * applies an activity delta. Returns { socket, state, send }.
 */
export function connect(view, workshopId, handlers) {
  // Reconnect soon after a restart: socket.io's default backoff grows to 5 s between attempts,
  // which made resyncing after a restart take up to that long (issue 11); randomised, so that a
  // room of phones does not knock all at once.
  const socket = io({
    // `tab`: this page's id over all its reconnects, so the server replaces the connection it left.
    auth: { view, workshop: workshopId, tab: newClientId() },
    transports: ["websocket", "polling"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
    randomizationFactor: 0.5,
  });
  const live = { socket, state: null, send };
  const status = document.getElementById("connection");

  function setStatus(text, online) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("online", online);
    status.classList.toggle("offline", !online);
  }

  async function send(event, data = {}) {
    try {
      return await socket.timeout(10000).emitWithAck(event, data);
    } catch {
      return { ok: false, error: "No answer from the server. Check the connection and try again." };
    }
  }

  /** Send, and while the server answers "busy" (its database is away) try again by itself. */
  async function sendUntilNotBusy(event, data = {}, onBusy = () => {}) {
    for (let attempt = 0; ; attempt++) {
      const ack = await send(event, data);
      if (ack.ok || !ack.busy || attempt >= 60) return ack;
      onBusy(ack.error);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  // How far this device's clock is from the server's (every snapshot carries the server's time).
  live.clockOffset = 0;
  function measureClock(snapshot) {
    const now = snapshot && snapshot.timer && snapshot.timer.server_now_ms;
    if (now) live.clockOffset = now - Date.now();
  }

  // A refusal from the server (e.g. its database is away) stops socket.io's own reconnecting:
  // when the server says it is worth retrying, try again after a growing, jittered pause.
  let refusals = 0;
  let restarting = null; // the server's "restarting" notice, shown until connected again
  function retryRefusedConnect(err) {
    if (!err || !err.data || !err.data.retry || socket.active) return false;
    setStatus(err.message || "The server is busy, retrying…", false);
    refusals += 1;
    const delay = Math.min(5000, 500 * 2 ** Math.min(refusals, 4)) * (0.5 + Math.random() / 2);
    setTimeout(() => { if (!socket.connected) socket.connect(); }, delay);
    return true;
  }

  async function resync() {
    const ack = await send("sync");
    if (ack.ok) {
      live.state = ack.snapshot;
      measureClock(ack.snapshot);
      handlers.render(live.state, "sync");
    }
  }

  async function syncActivity(key) {
    const ack = await send("sync_activity");
    if (!ack.ok) return resync();
    // Another activity_changed may have come meanwhile: only the view of the open activity counts.
    if (live.state && live.state.activity && live.state.activity.key === key && ack.activity && ack.activity.key === key) {
      live.state.activity = ack.activity;
      handlers.render(live.state, "activity");
    }
  }

  socket.on("connect", () => {
    refusals = 0;
    restarting = null;
    setStatus("online", true);
  });
  // A server that stops gracefully says so and then disconnects everyone; socket.io does not
  // reconnect after a server's disconnect by itself, so do it, spread out over a moment.
  socket.on("server_restarting", ({ message } = {}) => {
    restarting = message || "The server is restarting, reconnecting…";
  });
  socket.on("disconnect", (reason) => {
    setStatus(restarting || "offline: reconnecting…", false);
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 300 + Math.random() * 1200);
  });
  socket.on("connect_error", (err) => {
    if (retryRefusedConnect(err)) return;
    setStatus(restarting || "offline: reconnecting…", false);
    if (handlers.connectError) handlers.connectError(err);
  });
  socket.on("snapshot", (snapshot) => {
    live.state = snapshot;
    measureClock(snapshot);
    handlers.render(live.state, "snapshot");
    if (handlers.connected) handlers.connected(live);
  });
  // Every change of the session's state bumps its version by one. A delta one past what this view
  // has applies; an older one is stale; a later one means a broadcast was missed: resync.
  function inStep(version) {
    if (!live.state) return false;
    if (typeof version !== "number" || typeof live.state.version !== "number") return true;
    if (version <= live.state.version) return false;
    if (version > live.state.version + 1) {
      resync();
      return false;
    }
    live.state.version = version;
    return true;
  }
  socket.on("step_changed", ({ version, step, state }) => {
    if (!inStep(version)) return;
    live.state.step = step;
    if (state) live.state.workshop.state = state;
    handlers.render(live.state, "step");
  });
  socket.on("timer_changed", ({ version, timer }) => {
    if (!inStep(version)) return;
    live.state.timer = timer;
    handlers.render(live.state, "timer");
  });
  // A missed broadcast followed by silence shows no gap: ask for the version now and then (cheap),
  // and whenever the page comes back into view.
  async function checkVersion() {
    if (!socket.connected || !live.state || document.hidden) return;
    let ack;
    try {
      ack = await socket.timeout(5000).emitWithAck("version", {});
    } catch {
      return;
    }
    if (ack && ack.ok && live.state && ack.version > live.state.version) resync();
  }
  setInterval(checkVersion, VERSION_CHECK_MS + Math.random() * 1000);
  document.addEventListener("visibilitychange", checkVersion);
  socket.on("join_slide", ({ version, shown }) => {
    if (!inStep(version)) return;
    live.state.workshop.join_slide = shown;
    handlers.render(live.state, "join");
  });
  socket.on("answered", (answered) => {
    const activity = live.state && live.state.activity;
    if (!activity || activity.key !== answered.activity) return;
    const before = activity.answered;
    activity.answered = answered;
    if (handlers.answered) handlers.answered(activity, answered, before);
  });
  socket.on("activity_changed", (change) => {
    // Staff views ask for a fresh snapshot. A phone gets the activity as a phone with nothing of its
    // own sees it, in the broadcast itself, and asks for its own view only when the server names it.
    if (!change || !("view" in change) || !live.state) return resync();
    if (!inStep(change.version)) return;
    live.state.activity = change.view;
    if (change.state) live.state.workshop.state = change.state;
    handlers.render(live.state, "activity");
    const me = live.state.you && live.state.you.id;
    if (change.view && (change.ask === null || (change.ask || []).includes(me))) syncActivity(change.view.key);
  });
  socket.on("resync", () => resync());
  socket.on("session_ended", () => resync());
  socket.on("presence", (row) => handlers.presence && handlers.presence(row));
  socket.on("activity_event", (event) => {
    const activity = live.state && live.state.activity;
    if (!activity || activity.key !== event.activity) return;
    if (handlers.activityEvent) handlers.activityEvent(activity, event, live);
  });
  live.resync = resync;
  live.sendUntilNotBusy = sendUntilNotBusy;
  return live;
}

/**
 * Rebuild `node` with `build(fresh)` without eating what is being typed: every input, textarea and
 * select with an id keeps its value (unless it carries data-server-value), and the focused field
 * keeps focus and caret.
 */
export function redrawKeeping(node, build) {
  const typed = new Map();
  for (const field of node.querySelectorAll("input[id], textarea[id], select[id]")) {
    if (field.type !== "checkbox" && field.type !== "radio") typed.set(field.id, field.value);
  }
  const focused = node.contains(document.activeElement) ? document.activeElement : null;
  const focusId = focused && focused.id;
  const caret = focused && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
  const fresh = el("div");
  build(fresh);
  node.replaceChildren(...fresh.childNodes);
  for (const [id, value] of typed) {
    const field = document.getElementById(id);
    if (field && field.value !== value && !field.dataset.serverValue) field.value = value;
  }
  if (focusId) {
    const field = document.getElementById(focusId);
    if (field) {
      field.focus();
      if (caret && "setSelectionRange" in field) {
        try { field.setSelectionRange(...caret); } catch { /* not a text field */ }
      }
    }
  }
}
