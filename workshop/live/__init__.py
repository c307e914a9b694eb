"""The live-session engine: who is connected, what each view sees, the guarded event dispatch."""
