"""What the room produced, kept for after the session: a CSV per live activity, printable breakouts.

The routes live on the trainer blueprint (create_app imports this module before registering it).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user

from workshop.activities.breakout.kind import kind as breakout_kind
from workshop.auth.access import own_workshop_or_404, trainer_required
from workshop.content import curriculum
from workshop.csv_export import csv_response
from workshop.extensions import db
from workshop.live.context import ViewerContext
from workshop.live.kinds import KINDS
from workshop.models import BreakoutGroup, Participant, Post, User, Workshop
from workshop.trainer.routes import bp


def export_context(workshop: Workshop, key: str) -> ViewerContext:
    user = db.session.get(User, current_user.id)
    return ViewerContext(workshop, "export", user=user).for_activity(key)


@bp.get("/sessions/<int:workshop_id>/export/<activity_id>.csv")
@trainer_required
def export_activity_csv(workshop_id: int, activity_id: str):
    """One live activity's results as CSV (answers, placements, marks, posts, group lists).

    `activity_id` is the id in the module file (e.g. family-scenarios); `?module=` picks the module
    when two modules of the session use the same id.
    """
    workshop = own_workshop_or_404(workshop_id)
    module = request.args.get("module", type=int)
    decl = next(
        (
            d
            for d in curriculum().live_activities(workshop.modules)
            if d.id == activity_id and (module is None or d.module == module)
        ),
        None,
    )
    if decl is None or decl.kind not in KINDS:
        abort(404)
    header, rows = KINDS[decl.kind].export_rows(export_context(workshop, decl.key))
    return csv_response(header, rows, f"{workshop.held_on.isoformat()}-module-{decl.module}-{decl.id}.csv")


def breakout_results(workshop: Workshop, decl) -> dict:
    """Groups of one breakout activity: family, members, recorder, both lists, additions marked."""
    lists = breakout_kind.lists(decl)
    categories = [c["title"] for c in breakout_kind.categories(decl)]
    families = breakout_kind.families(decl)
    groups = []
    for group in db.session.scalars(
        sa.select(BreakoutGroup)
        .where(BreakoutGroup.workshop_id == workshop.id, BreakoutGroup.activity_key == decl.key)
        .order_by(BreakoutGroup.position)
    ):
        family = families[group.position] if group.position < len(families) else {"title": group.name}
        posts = list(
            db.session.scalars(
                sa.select(Post)
                .where(Post.group_id == group.id, Post.hidden.is_(False), Post.merged_into_id.is_(None))
                .order_by(Post.id)
            )
        )

        def row(post: Post) -> dict:
            return {
                "text": post.text,
                "origin": post.origin,
                "category": categories[post.category] if post.category in range(len(categories)) else "",
                "category_number": post.category + 1 if post.category in range(len(categories)) else None,
                "author": post.author.display_name if post.author is not None else "",
            }

        recorder = db.session.get(Participant, group.recorder_id) if group.recorder_id else None
        groups.append(
            {
                "position": group.position,
                "name": group.name,
                "title": family["title"],
                "members": [m.participant.display_name for m in sorted(group.members, key=lambda m: m.participant_id)],
                "recorder": recorder.display_name if recorder else "",
                "lists": [
                    {
                        "title": title,
                        "entries": [row(p) for p in posts if p.column == n and p.origin != "suggestion"],
                        "suggestions": [row(p) for p in posts if p.column == n and p.origin == "suggestion"],
                    }
                    for n, title in enumerate(lists)
                ],
            }
        )
    return {"decl": decl, "groups": groups}


@bp.get("/sessions/<int:workshop_id>/breakouts")
@trainer_required
def breakout_report(workshop_id: int):
    """The breakout groups' results, printable: members, recorder, both lists, additions marked."""
    workshop = own_workshop_or_404(workshop_id)
    activities = [
        breakout_results(workshop, d) for d in curriculum().live_activities(workshop.modules) if d.kind == "breakout"
    ]
    return render_template("trainer/breakouts.html", workshop=workshop, activities=activities)
