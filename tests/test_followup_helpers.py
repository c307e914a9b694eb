"""Follow-up: factories shared by the test_followup_* modules, and unit tests of the small helpers
(the schedule and what is due, the .ics download, CSV cells, chart geometry)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import icalendar

from tests.conftest import PASSWORD, Client
from workshop.charts import bar_chart
from workshop.csv_export import safe_cell
from workshop.extensions import db
from workshop.followup import ics
from workshop.followup import schedule as followup
from workshop.models import (
    ActionPlan,
    CheckIn,
    Participant,
    PlanArea,
    PlanIdea,
    PlanStatus,
    PlanVersion,
    Role,
    SupervisorComment,
    User,
    Workshop,
)
from workshop.models._time import utcnow

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


def snapshot(areas: list[dict]) -> dict:
    """A PlanVersion snapshot in the shape Module 4's submit_plan stores."""
    return {
        "areas": [{"area": n, **a, "revision": 1} for n, a in enumerate(areas)],
        "ideas": [],
        "columns": COLUMNS,
        "strategies": STRATEGIES,
    }


def fast_user(email: str, role: Role = Role.TRAINER, name: str | None = None, active: bool = True) -> User:
    """A user (hashing is cheap under TestConfig), or an invited one without a password yet."""
    user = User(email=email, name=name or email.split("@")[0].title(), role=role)
    if active:
        user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def make_session(trainer: User, title: str = "Partnerships day", held_on: date | None = None, modules=(2, 4)):
    workshop = Workshop(
        title=title,
        held_on=held_on or date.today() - timedelta(days=10),
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
        db.session.add(PlanVersion(plan_id=plan.id, number=number, snapshot=snapshot(changed)))
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


def new_client(app, user: User | None = None, participant: Participant | None = None) -> Client:
    client = Client(app, app.response_class, use_cookies=True)
    if user is not None:
        log_in_as(client, user)
    if participant is not None:
        as_participant(client, participant)
    return client


def log_in_as(client, user: User) -> None:
    """Log a test client in without the password round trip (the login form is tested elsewhere)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def as_participant(client, participant: Participant) -> None:
    with client.session_transaction() as session:
        session["participant"] = participant.resume_token


# --- Unit tests ---------------------------------------------------------------------------------


def test_next_due_counts_a_check_in_up_to_a_week_early_and_skips_covered_dates():
    day = date(2027, 1, 1)
    schedule = [day + timedelta(days=d) for d in (30, 60, 90)]
    assert followup.next_due_after(schedule, None) == schedule[0]
    assert followup.next_due_after(schedule, schedule[0] - timedelta(days=7)) == schedule[1]  # a week early counts
    assert followup.next_due_after(schedule, schedule[0] - timedelta(days=8)) == schedule[0]  # too early
    assert followup.next_due_after(schedule, schedule[0] + timedelta(days=15)) == schedule[1]  # late, still counts
    assert followup.next_due_after(schedule, schedule[2]) is None


def test_status_overdue_due_scheduled_and_complete(app, trainer):
    workshop = make_session(trainer, held_on=date.today() - timedelta(days=40))
    plan = make_plan(make_participant(workshop, "Ana"))
    state = followup.followup_of(plan)
    assert state.schedule == [workshop.held_on + timedelta(days=d) for d in (30, 60, 90)]
    assert (state.status, state.next_due, state.days_overdue) == ("overdue", workshop.held_on + timedelta(30), 10)
    add_checkin(plan)
    state = followup.followup_of(plan)
    assert (state.status, state.next_due, state.last_checkin_on) == ("scheduled", state.schedule[1], date.today())
    followup.set_schedule(plan, [date.today() + timedelta(days=3)])
    assert followup.followup_of(plan).status == "complete"  # today's check-in covers a date 3 days ahead
    followup.set_schedule(plan, [date.today() + timedelta(days=10), date.today() + timedelta(days=12)])
    assert followup.followup_of(plan).next_due == date.today() + timedelta(days=10)
    assert followup.followup_of(plan).status == "scheduled"
    fresh = make_plan(make_participant(workshop, "Ben"))
    followup.set_schedule(fresh, [date.today() + timedelta(days=7), date.today() + timedelta(days=40)])
    assert (followup.followup_of(fresh).status, followup.followup_of(fresh).label) == ("due", "Check-in due soon")


def test_agreed_date_replaces_the_next_due_date_and_bad_dates_are_refused(app, trainer):
    workshop = make_session(trainer, held_on=date.today() - timedelta(days=40))
    plan = make_plan(make_participant(workshop, "Ana"))
    first, second, third = followup.schedule_of(plan)
    agreed = date.today() + timedelta(days=14)
    assert followup.agreed_date_error(plan, agreed) is None
    followup.agree_next_checkin(plan, agreed)
    assert followup.schedule_of(plan) == [agreed, second, third]  # the overdue date is replaced
    assert followup.agreed_date_error(plan, date.today()) == "Choose a date after today."
    assert "three years" in followup.agreed_date_error(plan, date.today() + timedelta(days=1200))
    add_checkin(plan)
    assert "more than a week after the last check-in" in followup.agreed_date_error(plan, date.today() + timedelta(3))


def test_ics_is_valid_icalendar_that_calendars_read_back():
    long_summary = "Check-in: Ana; Ben, Cy \\ " + "é" * 60
    text = ics.calendar(
        "Cal, one",
        [ics.AllDayEvent(uid="u1@x", on=date(2027, 2, 3), summary=long_summary, description="line1\nline2")],
        now=datetime(2027, 1, 1, 12, 0, 0),
    ).decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "DTSTART;VALUE=DATE:20270203" in text and "DTEND;VALUE=DATE:20270204" in text
    assert "DTSTAMP:20270101T120000Z" in text  # stored naive, sent as UTC
    # Read back as a calendar program would: every character and line break survives.
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == long_summary and str(event["DESCRIPTION"]) == "line1\nline2"
    assert event.decoded("DTSTART") == date(2027, 2, 3)


def test_csv_cells_never_start_a_formula():
    assert [safe_cell(v) for v in ("=SUM(A1)", "+1", "-2", "@x", "plain", None, 3)] == [
        "'=SUM(A1)",
        "'+1",
        "'-2",
        "'@x",
        "plain",
        "",
        "3",
    ]
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell('He said "hi", then left')])
    assert out.getvalue().strip() == '"He said ""hi"", then left"'


def test_bar_chart_scales_to_the_largest_value():
    chart = bar_chart("c", "Title", [("a", 4), ("b", 2), ("c", 0)])
    widths = [b.width for b in chart.bars]
    assert widths[0] == chart.width - 56 and widths[1] == widths[0] // 2 and widths[2] == 0
    assert chart.height == 3 * 50 and not chart.empty
    assert bar_chart("e", "Empty", [("a", 0)]).empty
