"""Socket.IO room names. Every emit outside a handler goes through these helpers."""


def workshop(workshop_id: int) -> str:
    """Everyone connected to a workshop: phones, console and projector."""
    return f"ws:{workshop_id}"


def phones(workshop_id: int) -> str:
    return f"ws:{workshop_id}:phones"


def console(workshop_id: int) -> str:
    """The trainer's console(s)."""
    return f"ws:{workshop_id}:console"


def projector(workshop_id: int) -> str:
    return f"ws:{workshop_id}:projector"


def staff(workshop_id: int) -> str:
    """Console and projector: the views that see everything posted, hidden items included."""
    return f"ws:{workshop_id}:staff"


def participant(participant_id: int) -> str:
    """All devices of one participant."""
    return f"p:{participant_id}"


def user(user_id: int) -> str:
    """All staff connections (console, projector) of one account."""
    return f"u:{user_id}"


def group(group_id: int) -> str:
    """The phones of one breakout group."""
    return f"g:{group_id}"
