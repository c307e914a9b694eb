"""Follow-up: unit tests of the small helpers (the schedule and what is due, the .ics download, CSV
cells, chart geometry)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import icalendar

from tests.factories import add_checkin, make_participant, make_plan, make_workshop
from workshop.charts import bar_chart
from workshop.csv_export import safe_cell
from workshop.followup import ics
from workshop.followup import schedule as followup


def test_next_due_counts_a_check_in_up_to_a_week_early_and_skips_covered_dates():
    day = date(2027, 1, 1)
    schedule = [day + timedelta(days=d) for d in (30, 60, 90)]
    assert followup.next_due_after(schedule, None) == schedule[0]
    assert followup.next_due_after(schedule, schedule[0] - timedelta(days=7)) == schedule[1]  # a week early counts
    assert followup.next_due_after(schedule, schedule[0] - timedelta(days=8)) == schedule[0]  # too early
    assert followup.next_due_after(schedule, schedule[0] + timedelta(days=15)) == schedule[1]  # late, still counts
    assert followup.next_due_after(schedule, schedule[2]) is None


def test_status_overdue_due_scheduled_and_complete(app, trainer):
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=40))
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
    workshop = make_workshop(trainer, held_on=date.today() - timedelta(days=40))
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
