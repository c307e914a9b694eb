"""Test factories: users, sessions, participants and submitted plans, written straight to the
database (the routes that create them are tested on their own). One set, used by every test module."""

from __future__ import annotations

from datetime import date, timedelta

from workshop.extensions import db
from workshop.models import (
    ActionPlan,
    AreaSnapshot,
    CheckIn,
    Participant,
    PlanArea,
    PlanIdea,
    PlanSnapshot,
    PlanStatus,
    PlanVersion,
    Role,
    SupervisorComment,
    User,
    Workshop,
)
from workshop.models._time import utcnow

PASSWORD = "correct horse battery"
#: The day of every session unless a test says otherwise (the training record tests lay it out hour by hour).
TRAINING_DAY = date(2026, 11, 23)
#: For follow-up tests: a day whose 30/60/90-day check-ins are all still ahead.
RECENTLY = date.today() - timedelta(days=10)

COLUMNS = [
    "Areas of my relationship with an agency/organization that is challenging or non-existent",
    "Strategies and actions I will take",
    "How I will know I am successful",
]
STRATEGIES = [
    "Work Together",
    "Seek Out Experienced Collaborators/Mentors",
    "Identify Resources",
    "Share Information",
    "Set Goals & Measure Success",
    "Anticipate and Plan for Road Blocks",
    "Assess Progress on a Regularly Scheduled Basis",
]


def plan_areas(tag: str = "A") -> list[dict]:
    """Three filled areas; every text carries `tag`, so a test can look for it in a page."""
    return [
        {
            "agency": "County mental health center",
            "challenge": f"Referrals wait months {tag}-challenge",
            "strategies": [0, 2],
            "actions": f"Meet their intake supervisor {tag}-actions",
            "success": f"Families seen within two weeks {tag}-success",
            "target_date": "2027-03-31",
        },
        {
            "agency": "Lincoln Elementary School",
            "challenge": f"No contact person {tag}-challenge-2",
            "strategies": [3],
            "actions": f"Invite the counselor to our unit meeting {tag}-actions-2",
            "success": f"Monthly call in place {tag}-success-2",
            "target_date": "",
        },
        {
            "agency": "Police department",
            "challenge": f"Reports arrive late {tag}-challenge-3",
            "strategies": [0, 5],
            "actions": f"Agree a liaison officer {tag}-actions-3",
            "success": f"Reports within 48 hours {tag}-success-3",
            "target_date": "2027-06-30",
        },
    ]


def plan_snapshot(areas: list[dict]) -> PlanSnapshot:
    """What submitting a plan of these areas keeps (see workshop.activities.plan.plan_snapshot)."""
    return PlanSnapshot(
        areas=[AreaSnapshot(area=n, **area, revision=1) for n, area in enumerate(areas)],
        columns=COLUMNS,
        strategies=STRATEGIES,
    )


def make_user(email: str, role: Role = Role.TRAINER, name: str | None = None, active: bool = True) -> User:
    """A user with PASSWORD (hashing is cheap under TestConfig), or an invited one without a password yet."""
    user = User(email=email, name=name or email.split("@")[0].title(), role=role)
    if active:
        user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def make_workshop(
    trainer: User, modules=(2, 4), title: str = "Partnerships day", held_on: date | None = None
) -> Workshop:
    """A session of `trainer`'s, held on TRAINING_DAY unless told otherwise."""
    workshop = Workshop(
        title=title,
        held_on=held_on or TRAINING_DAY,
        location="Room 4",
        modules=list(modules),
        join_code=Workshop.unused_join_code(),
        trainer_id=trainer.id,
    )
    db.session.add(workshop)
    db.session.commit()
    return workshop


def make_participant(workshop: Workshop, name: str, agency: str = "County CPS", unit: str = "Intake") -> Participant:
    participant = Participant.new(workshop, name, agency, unit)
    db.session.add(participant)
    db.session.commit()
    return participant


def make_plan(
    participant: Participant,
    areas: list[dict] | None = None,
    versions: int = 1,
    supervisor: User | None = None,
    ideas: list[tuple[int, str]] = (),
) -> ActionPlan:
    """A submitted plan: three areas, `versions` snapshots, optionally shared and with partner ideas."""
    areas = areas if areas is not None else plan_areas(participant.display_name)
    plan = ActionPlan(participant_id=participant.id, status=PlanStatus.SUBMITTED, checkin_dates=[])
    for n, area in enumerate(areas):
        plan.areas.append(
            PlanArea(
                position=n,
                agency=area["agency"],
                challenge=area["challenge"],
                strategies=list(area["strategies"]),
                actions=area["actions"],
                success=area["success"],
                target_date=date.fromisoformat(area["target_date"]) if area["target_date"] else None,
                revision=1,
            )
        )
    db.session.add(plan)
    db.session.flush()
    for number in range(1, versions + 1):
        changed = [dict(a, actions=a["actions"] + (f" (v{number})" if number < versions else "")) for a in areas]
        db.session.add(PlanVersion(plan_id=plan.id, number=number, snapshot=plan_snapshot(changed).to_json()))
    plan.submitted_at = utcnow()
    if supervisor is not None:
        plan.supervisor_id = supervisor.id
        plan.shared_at = utcnow()
    for area, text in ideas:
        db.session.add(PlanIdea(plan_id=plan.id, area=area, text=text))
    db.session.commit()
    return plan


def add_checkin(plan: ActionPlan, statuses=("in_progress", "not_started", "achieved"), note="", days_ago: int = 0):
    checkin = CheckIn(
        plan_id=plan.id,
        areas=[{"status": s, "note": note} for s in statuses],
        created_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.add(checkin)
    db.session.commit()
    return checkin


def add_comment(plan: ActionPlan, supervisor: User, text: str, area: int = 0) -> SupervisorComment:
    comment = SupervisorComment(plan_id=plan.id, supervisor_id=supervisor.id, area=area, text=text)
    db.session.add(comment)
    db.session.commit()
    return comment
