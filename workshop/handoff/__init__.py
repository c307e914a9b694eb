"""Handing a training day from the room server to the follow-up server (docs/handoff.md)."""
