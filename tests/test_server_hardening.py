"""A real `workshop serve` (gevent) against hostile clients: junk frames, and what its log keeps."""

from __future__ import annotations

import re

import pytest
import requests
import websocket

from tests.servers import join_over_http, trainer_with_a_session

pytestmark = pytest.mark.slow

WEBSOCKET_FRAMES = ["", "4", "4z", "4" + "[" * 20000, "42[]", '42{"a":1}', '42["sync"', '42["sync",{},{}]',
                    '42["connect"]', "45-[]", '40{"view":"console","workshop":99999999999999999999999}']  # fmt: skip
POLLING_BODIES = ["zz", "4" + "[" * 20000, "\x1e\x1e", "d=%%%", "42[]"]


def test_junk_frames_get_a_log_line_each_and_secrets_never_reach_the_log(sqlite_server):
    server = sqlite_server
    ws_url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    for frame in WEBSOCKET_FRAMES:
        connection = websocket.create_connection(ws_url, timeout=5)
        connection.recv()  # Engine.IO "open"
        connection.send(frame)
        connection.close()
    sid = requests.get(server.url + "/socket.io/?EIO=4&transport=polling", timeout=5).text
    sid = re.search(r'"sid":"([^"]+)"', sid)[1]
    for body in POLLING_BODIES:
        response = requests.post(f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=body, timeout=5)
        assert response.status_code < 500

    _, _, code = trainer_with_a_session(server.url)
    phone = join_over_http(server.url, code, "Ana")
    token = re.search(r"/resume/([\w-]+)", phone.get(server.url + "/me").text)[1]
    assert requests.get(f"{server.url}/resume/{token}", timeout=5, allow_redirects=False).status_code == 302
    requests.get(f"{server.url}/invite/not-a-real-invite-token", timeout=5)
    assert requests.get(server.url + "/healthz", timeout=5).status_code == 200  # still serving
    server.stop()

    log = server.log_path.read_text()
    assert "Traceback" not in log and " ERROR " not in log
    assert len(re.findall(r"refused a client frame", log)) >= len(WEBSOCKET_FRAMES) + len(POLLING_BODIES) - 2
    assert token not in log and "not-a-real-invite-token" not in log
    assert "GET /resume/… HTTP" in log and "GET /invite/… HTTP" in log
