"""The activity kinds, one module (or package) each. Importing a kind's module registers it in
`workshop.live.kinds`; the app factory calls `load_kinds` once and hands the kinds to the content loader."""


def load_kinds() -> dict:
    """Import every kind module (each registers itself) and return the kinds by name."""
    from workshop.activities import (  # noqa: F401  (importing registers)
        board,
        breakout,
        checklist,
        evaluation,
        knowledge_check,
        notes,
        open_answers,
        plan,
        plan_events,
        poll,
        share,
    )
    from workshop.live.kinds import KINDS

    return KINDS
