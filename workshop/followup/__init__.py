"""Follow-up of a submitted action plan, shared by the participant's, the supervisor's and the trainer's pages.

Strategy 7 of Handout 4.1, "Assess progress on a regularly scheduled basis": after the day a
participant records check-ins against the plan they submitted; the supervisor they chose reads it.
The submitted versions (PlanVersion snapshots) are what is followed up; the draft the participant
may still be editing stays theirs.

- `schedule`: check-in dates, when the next one is due, where a check-in is saved and read
- `views`: a submitted plan as the follow-up pages show it
- `queries`: which plans a supervisor or a session report sees, supervisors to choose from
- `erasure`: deleting a plan for good
- `ics`, `csv_rows`: the calendar and CSV downloads
"""
