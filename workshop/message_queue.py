"""The Redis message queue that several server processes share, and what it may drop.

Redis pub/sub delivers a message only to subscribers connected at that moment: while a process's
listening connection is re-established (Redis restarted, a network blip, a killed client), every
broadcast published meanwhile is lost for that process's phones. The process cannot know what it
missed, so when its subscription comes back it tells its own clients to resync. (Clients also ask
for the session's version every few seconds, which covers a broadcast lost on the publishing side.)
"""

from __future__ import annotations

import logging
import os

import socketio

log = logging.getLogger(__name__)


class ResyncingRedisManager(socketio.RedisManager):
    """socketio's RedisManager, plus "resync" to this process's clients after a resubscription."""

    def _redis_connect(self):
        super()._redis_connect()
        # Keep the subscribe confirmations: each one after the first marks a reconnection.
        self.pubsub = self.redis.pubsub()

    def _redis_listen_with_retries(self):
        subscribed_before = False
        for message in super()._redis_listen_with_retries():
            if message.get("type") == "subscribe":
                if subscribed_before:
                    self._tell_local_clients_to_resync()
                subscribed_before = True
                continue
            yield message

    def _tell_local_clients_to_resync(self) -> None:
        log.warning("message queue subscription re-established; telling this process's clients to resync")
        self.server.emit("resync", {}, namespace="/", ignore_queue=True)


def socketio_queue_options(config) -> dict:
    """Keyword arguments for socketio.init_app: the message queue, if there is one."""
    url = config["WORKSHOP_MESSAGE_QUEUE"]
    channel = config["WORKSHOP_SOCKETIO_CHANNEL"]
    if not url:
        return {}
    if not url.startswith(("redis://", "rediss://")):
        return {"message_queue": url, "channel": channel}
    # Named, so that `CLIENT LIST` on the Redis server shows which process holds which connection.
    name = f"workshop:{channel}:{os.getpid()}"
    return {"client_manager": ResyncingRedisManager(url, channel=channel, redis_options={"client_name": name})}
