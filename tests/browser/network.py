"""A page's connection to the server, cut and restored by the test."""

import re

SOCKET = re.compile(r".*/socket\.io/.*")
#: What a server says first; a socket opened with it and closed at once makes the client retry soon.
ENGINE_OPEN = '0{"sid":"blocked","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'


def cut_off(page) -> dict:
    """Keep a page from reaching the server until the returned switch's "on" is set False."""
    blocked = {"on": True}

    def websocket(ws):
        if not blocked["on"]:
            ws.connect_to_server()
            return
        ws.send(ENGINE_OPEN)
        ws.close()

    page.route_web_socket(SOCKET, websocket)
    page.route(SOCKET, lambda route: route.abort() if blocked["on"] else route.continue_())
    return blocked
