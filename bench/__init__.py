"""Benchmark: N simulated phones against the real server and a bare Flask-SocketIO baseline."""
