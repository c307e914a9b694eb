"""`breakout`: groups (one per family scenario), a recorder, two lists per group, report-back.

Opening the activity forms one BreakoutGroup per `groups` entry and deals every participant into
the least full group; a participant who connects later while it is open is placed the same way
(in `rooms_for`, which every connection runs). The trainer can move people and reshuffle.

Each group's phones read its scenario (the Handout 2.6 section naming the family) and choose a
recorder. The recorder keeps the group's lists (`lists`, e.g. existing resources and needed
services): items are Posts with the group, the list as `column`, an optional Handout 2.4 category,
and an origin: "item" (the recorder's), "suggestion" (another member's, until the recorder accepts
it) or "addition" (from another group while this group reports back).

Phases, kept in the activity run's state: "work" (groups fill their lists), "report" (the group in
`reporting` is on the projector and every phone; members of the other groups add to it), "debrief"
(the questions of the step's Ask cue). Group-private deltas go to the group's room and to staff;
what the reporting group shows goes to everyone.
"""

from workshop.activities.breakout import phone_events, trainer_events  # noqa: F401  (importing registers the kind and its events)
