"""A phone's first visit, from the join form to the live page with an activity open, in real
Chromium: what travels over the network, counted by the browser itself (DevTools protocol)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import LAPTOP, PHONE, create_session, log_in, screenshot

#: Bytes on the wire (headers and compressed bodies, WebSocket frames included) a first visit may cost.
BUDGET = 60_000


@pytest.mark.parametrize(
    ("step", "activity", "kind", "drawn"),
    [
        ("2-1-2", "2/define-partnership", "open", "#activity textarea"),
        # Handout 2.3's services, 8 KB of JSON: the heaviest curriculum data a phone gets.
        ("2-2-2", "2/service-gaps", "checklist", "#activity .checklist-categories"),
        ("4-2-1", "4/action-plan", "plan", "#activity .plan-steps"),
    ],
    ids=["open question", "checklist", "action plan"],
)
def test_a_first_visit_is_at_most_60_kb_and_loads_only_the_open_activity(new_page, step, activity, kind, drawn):
    console = new_page(LAPTOP)
    log_in(console)
    _, code = create_session(console)
    console.locator("#jump").select_option(step)
    console.locator(f"[data-step-panel='{step}'] [data-open-activity='{activity}']").click()

    phone = new_page(PHONE)
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    loaded: dict[str, dict] = {}
    wire = {"http": 0, "websocket": 0}

    def response(event):
        loaded[event["requestId"]] = {
            "url": event["response"]["url"],
            "headers": event["response"]["headers"],
            "status": event["response"]["status"],
        }

    def finished(event):
        wire["http"] += event["encodedDataLength"]
        if event["requestId"] in loaded:
            loaded[event["requestId"]]["bytes"] = event["encodedDataLength"]

    def frame(event):
        wire["websocket"] += len(event["response"]["payloadData"].encode())

    network.on("Network.responseReceived", response)
    network.on("Network.loadingFinished", finished)
    network.on("Network.webSocketFrameReceived", frame)

    phone.goto(f"/join/{code}")
    phone.get_by_label("Your name, as the room will see it").fill("Ana")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url(re.compile(r".*/me.*"))
    phone.wait_for_selector("#connection.online")
    phone.wait_for_selector(drawn)  # the kind's own view, not the title shown while its script loads
    phone.wait_for_load_state("networkidle")
    screenshot(phone, f"phone-first-visit-{kind}-390")

    total = wire["http"] + wire["websocket"]
    listing = "\n".join(f"{r.get('bytes', 0):>7} {r['status']} {r['url']}" for r in loaded.values())
    print(
        f"\nfirst visit, {kind} open: {total} bytes, {wire['http']} over HTTP in {len(loaded)} requests,"
        f" {wire['websocket']} over the WebSocket\n{listing}"
    )
    assert total <= BUDGET, f"{total} bytes on a first visit (budget {BUDGET}):\n{listing}"

    urls = [r["url"] for r in loaded.values()]
    # Only the open activity's module came, not the seven others.
    kinds = sorted(re.search(r"/kinds/(\w+)\.js", url)[1] for url in urls if "/kinds/" in url)
    assert kinds == sorted(["common", "index", kind]), kinds
    assert not [r for r in loaded.values() if r["status"] >= 400], listing
    for r in loaded.values():
        headers = {name.lower(): value for name, value in r["headers"].items()}
        if re.search(r"\.(js|css)$", r["url"]):
            # Compressed, under a versioned URL, kept for a year.
            assert re.search(r"/static/[0-9a-f]{10}/", r["url"]), r["url"]
            assert headers.get("content-encoding") in ("zstd", "br", "gzip"), r["url"]
            assert "max-age=31536000" in headers.get("cache-control", "") and "immutable" in headers["cache-control"]
    assert phone.request.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")
