"""The largest whole number a phone can send exactly: the bound of every id, revision and clock
stamp that crosses the wire or a hand-off document."""

#: JavaScript's numbers hold whole numbers exactly up to 2**53; an id, a revision (the phone's
#: Date.now() at an edit) or a queued_at stamp above it is not one a phone or this server made.
JS_EXACT_INT_MAX = 2**53
