"""The four scenarios, each run on the real server and on the bare baseline in the same run.

Each returns the fields of its JSON line: the real server's latencies against the baseline's doing
the same job (p95_ms, baseline_p95_ms, ratio), and what went wrong (lost, duplicated, dropped).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import random
import time
import uuid
from dataclasses import dataclass, field

from bench.peers import Arrivals, Peer, cpu_seconds, log, payload_size, percentile

OPEN_ANSWERS = "2/define-partnership"
POLL = "2/continuum"
PLAN = "4/action-plan"
#: Baseline broadcasts are numbered from here on, apart from the real server's versions.
_baseline_seq = itertools.count(1_000_000)


@dataclass
class Side:
    """One server under test (one process, or several behind Redis): its trainer and its phones."""

    name: str
    console: Peer
    phones: list[Peer]
    pids: list[int]
    #: Versions of the broadcasts the console saw, in order (the real server's rounds wait on them).
    versions: asyncio.Queue = field(default_factory=asyncio.Queue)

    @property
    def real(self) -> bool:
        return self.name == "real"

    def dropped(self) -> int:
        return sum(peer.disconnected for peer in self.phones)


def result(scenario: str, real_ms: list[float], base_ms: list[float], lost: int, duplicated: int, dropped: int):
    p95, base_p95 = percentile(real_ms, 95), percentile(base_ms, 95)
    return {
        "scenario": scenario,
        "p95_ms": p95,
        "baseline_p95_ms": base_p95,
        "ratio": round(p95 / base_p95, 2) if p95 and base_p95 else None,
        "lost": lost,
        "duplicated": duplicated,
        "dropped": dropped,
        "p50_ms": percentile(real_ms, 50),
        "max_ms": percentile(real_ms, 100),
        "baseline_p50_ms": percentile(base_ms, 50),
    }


async def _quiet(rounds):
    """Run the timed part without the client's garbage collector stalling 1,000 phones at once."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        return await rounds
    finally:
        gc.enable()
        gc.unfreeze()


async def take_turns(sides: tuple[Side, Side], count: int, one_round, settings) -> None:
    """`count` rounds on each server, taking turns (one first, then the other): load from elsewhere
    on the machine weighs on both alike."""

    async def all_rounds():
        for index in range(count):
            for side in sides if index % 2 == 0 else sides[::-1]:
                await one_round(side, index)
                await asyncio.sleep(settings.pause_s)
        await asyncio.sleep(1.0)  # late or repeated deliveries still count

    await _quiet(all_rounds())


async def baseline_broadcast(base: Side, event: str, size: int) -> tuple[int, str]:
    """The bare server broadcasts `size` bytes as `event`; return (version, key) of what phones get."""
    version = next(_baseline_seq)
    await base.console.call("trainer", {"seq": version, "bytes": size, "event": event})
    return version, f"step-{version}"


# --- step: the trainer moves on; every phone follows -----------------------------------------------


async def step(real: Side, base: Side, settings) -> dict:
    sides = (real, base)
    arrivals = {side.name: Arrivals(len(side.phones)) for side in sides}
    rounds: dict[str, list] = {side.name: [] for side in sides}
    sizes: list[int] = []
    cpu = {side.name: 0.0 for side in sides}
    dropped0 = {side.name: side.dropped() for side in sides}

    for side in sides:

        def listen(peer, event, data, at, side=side):
            if event == "step_changed":
                arrivals[side.name].arrived(peer.name, data["version"], at, (data.get("step") or {}).get("key"))

        for phone in side.phones:
            phone.listener = listen

    def console_listener(peer, event, data, at):
        if event == "step_changed":
            sizes.append(payload_size(data))
            real.versions.put_nowait(data["version"])

    real.console.listener = console_listener

    async def one_round(side: Side, index: int) -> None:
        cpu0 = cpu_seconds(side.pids)
        started = time.monotonic()
        if side.real:
            ack = await real.console.call("go_to_step", {"move": 1 if index % 2 == 0 else -1})
            if not ack.get("ok"):
                raise RuntimeError(f"go_to_step refused: {ack}")
            version, key = await asyncio.wait_for(real.versions.get(), 60), ack["step"]
        else:
            version, key = await baseline_broadcast(base, "step_changed", sizes[-1] if sizes else 600)
        rounds[side.name].append((version, started, key))
        if not await arrivals[side.name].wait(version, settings.round_timeout_s):
            log(f"  {side.name} step round {index + 1}: only {len(arrivals[side.name].first[version])} phones got it")
        cpu[side.name] += cpu_seconds(side.pids) - cpu0

    log(f"step: {settings.rounds} rounds on each server, taking turns")
    await take_turns(sides, settings.rounds, one_round, settings)
    real_ms, lost, dup = arrivals["real"].tally(rounds["real"], [p.name for p in real.phones])
    base_ms, base_lost, base_dup = arrivals["baseline"].tally(rounds["baseline"], [p.name for p in base.phones])
    line = result("step", real_ms, base_ms, lost, dup, real.dropped() - dropped0["real"])
    line.update(
        {
            "rounds": settings.rounds,
            "payload_bytes": sorted(sizes)[len(sizes) // 2] if sizes else None,
            "server_cpu_ms_per_round": round(1000 * cpu["real"] / max(1, settings.rounds), 1),
            "baseline_server_cpu_ms_per_round": round(1000 * cpu["baseline"] / max(1, settings.rounds), 1),
            "baseline_lost": base_lost,
            "baseline_duplicated": base_dup,
        }
    )
    return line


# --- open: the trainer opens an activity; every phone shows it ------------------------------------


async def open_activity(real: Side, base: Side, settings) -> dict:
    """Every phone has the activity once it has the broadcast view, and, when the server names it
    in `ask`, its own view (sync_activity). The baseline broadcasts as many bytes."""
    sides = (real, base)
    complete = {side.name: Arrivals(len(side.phones)) for side in sides}
    shown = Arrivals(len(real.phones))
    rounds: dict[str, list] = {side.name: [] for side in sides}
    sizes: list[int] = []
    asked = 0
    pending: set[asyncio.Task] = set()
    dropped0 = real.dropped()

    async def own_view(peer: Peer, version: int, key: str) -> None:
        ack = await peer.call("sync_activity")
        view = ack.get("activity") or {}
        complete["real"].arrived(peer.name, version, time.monotonic(), view.get("key") if ack.get("ok") else None)

    def listen_real(peer, event, data, at):
        nonlocal asked
        if event != "activity_changed" or "view" not in data:
            return
        key = (data.get("view") or {}).get("key")
        shown.arrived(peer.name, data["version"], at, key)
        if peer.name == real.phones[0].name:
            sizes.append(payload_size(data))
        ask = data.get("ask")
        if key and (ask is None or peer.participant_id in ask):
            asked += 1
            task = asyncio.ensure_future(own_view(peer, data["version"], key))
            pending.add(task)
            task.add_done_callback(pending.discard)
        else:
            complete["real"].arrived(peer.name, data["version"], at, key)

    def listen_base(peer, event, data, at):
        if event == "activity_changed":
            complete["baseline"].arrived(peer.name, data["version"], at, data["step"]["key"])

    for phone in real.phones:
        phone.listener = listen_real
    for phone in base.phones:
        phone.listener = listen_base

    def console_listener(peer, event, data, at):
        if event == "activity_changed":
            real.versions.put_nowait(data["version"])

    real.console.listener = console_listener

    async def one_round(side: Side, index: int) -> None:
        started = time.monotonic()
        if side.real:
            key = (OPEN_ANSWERS, POLL)[index % 2]
            ack = await real.console.call("open_activity", {"activity": key})
            if not ack.get("ok"):
                raise RuntimeError(f"open_activity refused: {ack}")
            version = await asyncio.wait_for(real.versions.get(), 60)
        else:
            version, key = await baseline_broadcast(base, "activity_changed", sizes[-1] if sizes else 1500)
        rounds[side.name].append((version, started, key))
        if not await complete[side.name].wait(version, settings.round_timeout_s):
            log(f"  {side.name} open round {index + 1}: only {len(complete[side.name].first[version])} phones have it")

    log(f"open: {settings.open_rounds} openings on each server, taking turns")
    cpu0 = cpu_seconds(real.pids)
    await take_turns(sides, settings.open_rounds, one_round, settings)
    cpu = cpu_seconds(real.pids) - cpu0
    names = [p.name for p in real.phones]
    real_ms, lost, dup = complete["real"].tally(rounds["real"], names)
    shown_ms, _, _ = shown.tally(rounds["real"], names)
    base_ms, _, _ = complete["baseline"].tally(rounds["baseline"], [p.name for p in base.phones])
    line = result("open", real_ms, base_ms, lost, dup, real.dropped() - dropped0)
    line.update(
        {
            "rounds": settings.open_rounds,
            "shown_p95_ms": percentile(shown_ms, 95),
            "own_view_requests": asked,
            "payload_bytes": sorted(sizes)[len(sizes) // 2] if sizes else None,
            "server_cpu_ms_per_opening": round(1000 * cpu / max(1, settings.open_rounds), 1),
        }
    )
    return line


# --- burst: every phone posts an answer within a few seconds --------------------------------------


async def burst(real: Side, base: Side, settings) -> dict:
    if not (await real.console.call("open_activity", {"activity": OPEN_ANSWERS})).get("ok"):
        raise RuntimeError("open_activity refused")
    for side in (real, base):
        for phone in side.phones:
            phone.listener = None
    dropped0 = real.dropped()

    async def posts(side: Side) -> tuple[list[float], dict]:
        acks: dict[str, dict] = {}
        ack_ms: list[float] = []

        async def post(peer: Peer, delay: float) -> None:
            await asyncio.sleep(delay)
            text = f"A partnership is shared work ({peer.name})."
            data = {"activity": OPEN_ANSWERS, "text": text, "client_id": f"{peer.name}-{uuid.uuid4().hex[:12]}"}
            begun = time.monotonic()
            try:
                ack = await peer.call("post_answer" if side.real else "post", data)
            except Exception as exc:  # noqa: BLE001 - a dropped socket or a timeout: a lost post, counted
                log(f"  {side.name} {peer.name}: no ack ({type(exc).__name__})")
                ack = {}
            ack_ms.append((time.monotonic() - begun) * 1000)
            acks[peer.name] = {"data": data, "ack": ack}

        await asyncio.gather(*(post(p, random.uniform(0, settings.post_window_s)) for p in side.phones))
        return ack_ms, acks

    log(f"burst: every phone posts within {settings.post_window_s} s, real server then baseline")
    cpu0 = cpu_seconds(real.pids)
    real_ms, acks = await _quiet(posts(real))
    cpu = cpu_seconds(real.pids) - cpu0
    base_cpu0 = cpu_seconds(base.pids)
    base_ms, _ = await _quiet(posts(base))
    base_cpu = cpu_seconds(base.pids) - base_cpu0
    refused = [entry for entry in acks.values() if not entry["ack"].get("ok")]
    # Re-send some with the same client_id: each must come back as the first ack, not a new post.
    resend_wrong = 0
    by_name = {peer.name: peer for peer in real.phones}
    for name in list(acks)[: settings.resend]:
        again = await by_name[name].call("post_answer", acks[name]["data"])
        if not (again.get("duplicate") and again.get("id") == acks[name]["ack"].get("id")):
            resend_wrong += 1
    stored = (await real.console.call("sync"))["snapshot"]["activity"]["state"]["posts"]
    mine = [p for p in stored if p["text"].startswith("A partnership is shared work (")]
    sent = len(acks) - len(refused)
    lost = max(0, sent - len(mine)) + len(refused)
    line = result("burst", real_ms, base_ms, lost, max(0, len(mine) - sent) + resend_wrong, real.dropped() - dropped0)
    line.update(
        {
            "window_s": settings.post_window_s,
            "posts_stored": len(mine),
            "posts_resent": min(settings.resend, len(acks)),
            "server_cpu_ms_per_post": round(1000 * cpu / max(1, len(real.phones)), 2),
            # The bare server's CPU for the same acks: what the sockets alone cost.
            "baseline_server_cpu_ms_per_post": round(1000 * base_cpu / max(1, len(base.phones)), 2),
        }
    )
    return line


# --- autosave: every phone saves one plan area every 2 s ------------------------------------------


def area_fields(count: int, owner: str = "") -> dict:
    """One plan area as a phone saves it; `owner` names the phone, so each plan reads as its own."""
    return {
        "agency": f"Agency {count} of {owner}" if owner else f"Agency {count}",
        "challenge": "Referrals wait months",
        "strategies": [count % 7],
        "actions": f"Call their intake supervisor, try {count}",
        "success": "Families are seen within two weeks",
        "target_date": "2027-03-31",
    }


async def autosave(real: Side, base: Side, settings) -> dict:
    if not (await real.console.call("open_activity", {"activity": PLAN})).get("ok"):
        raise RuntimeError("open_activity refused")
    counts_seen: list[tuple[float, dict]] = []

    def console_listener(peer, event, data, at):
        if event == "activity_event" and data.get("type") == "counts":
            counts_seen.append((at, data))

    real.console.listener = console_listener
    for side in (real, base):
        for phone in side.phones:
            phone.listener = None
    dropped0 = real.dropped()

    async def saving(side: Side) -> tuple[list[float], int, dict]:
        ack_ms: list[float] = []
        failed = 0
        last_acked: dict[str, dict[int, int]] = {}
        end = time.monotonic() + settings.autosave_s

        async def phone_saves(peer: Peer) -> None:
            nonlocal failed
            await asyncio.sleep(random.uniform(0, settings.autosave_interval_s))
            count = 0
            while time.monotonic() < end:
                count += 1
                area = count % 3
                tick = time.monotonic()
                data = {
                    "activity": PLAN,
                    "client_id": uuid.uuid4().hex,
                    "area": area,
                    "revision": count,
                    "fields": area_fields(count, peer.name),
                }
                try:  # one save in flight per phone, as the phone's outbox sends them
                    ack = await peer.call("save_plan_area" if side.real else "save", data, timeout=30)
                except Exception:  # noqa: BLE001 - a timeout is a failed save, counted
                    ack = {}
                ack_ms.append((time.monotonic() - tick) * 1000)
                if ack.get("ok"):
                    last_acked.setdefault(peer.name, {})[area] = count
                else:
                    failed += 1
                await asyncio.sleep(max(0.0, tick + settings.autosave_interval_s - time.monotonic()))

        await asyncio.gather(*(phone_saves(p) for p in side.phones))
        return ack_ms, failed, last_acked

    log(f"autosave: every phone saves a plan area every {settings.autosave_interval_s} s for {settings.autosave_s} s")
    cpu0 = cpu_seconds(real.pids)
    real_ms, failed, last_acked = await _quiet(saving(real))
    cpu = cpu_seconds(real.pids) - cpu0
    base_cpu0 = cpu_seconds(base.pids)
    base_ms, base_failed, _ = await _quiet(saving(base))
    base_cpu = cpu_seconds(base.pids) - base_cpu0
    await asyncio.sleep(1.5)  # the console's last (throttled) counts

    # What each phone was told is saved must be what is stored: its own plan, as it reads it back.
    # An older revision stored than the one acknowledged is a save lost; a newer one is a save whose
    # ack timed out and which the server stored afterwards (counted apart, so the two are told apart).
    wrong = 0
    acked_not_stored = 0
    stored_after_timeout = 0

    async def check(peer: Peer) -> None:
        nonlocal wrong, acked_not_stored, stored_after_timeout
        if peer.disconnected:  # counted as dropped; what it was told is saved is checked by the others
            return
        areas = (await peer.call("sync"))["snapshot"]["activity"]["state"]["areas"]
        for area, revision in last_acked.get(peer.name, {}).items():
            stored = areas[area]["revision"]
            wrong += stored != revision
            acked_not_stored += stored < revision
            stored_after_timeout += stored > revision

    for start in range(0, len(real.phones), 100):
        await asyncio.gather(*(check(p) for p in real.phones[start : start + 100]))
    during = [at for at, _ in counts_seen]
    final = counts_seen[-1][1] if counts_seen else {}
    line = result("autosave", real_ms, base_ms, failed + wrong, 0, real.dropped() - dropped0)
    line.update(
        {
            "saves": len(real_ms),
            "baseline_saves": len(base_ms),
            "baseline_failed": base_failed,
            "timed_out": failed,
            "acked_not_stored": acked_not_stored,
            "stored_after_timeout": stored_after_timeout,
            "seconds": settings.autosave_s,
            "server_cpu_ms_per_save": round(1000 * cpu / max(1, len(real_ms)), 2),
            "baseline_server_cpu_ms_per_save": round(1000 * base_cpu / max(1, len(base_ms)), 2),
            "console_counts_per_s": round(len(during) / max(1e-9, during[-1] - during[0]), 2) if len(during) > 1 else 0,
            "console_counts_final": {"started": final.get("started"), "complete": final.get("complete")},
        }
    )
    return line


SCENARIOS = {"step": step, "open": open_activity, "burst": burst, "autosave": autosave}
