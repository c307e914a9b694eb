"""The `workshop` console script.

`workshop serve` runs under gevent, which must patch the standard library before anything else
imports it; that is why this tiny module exists apart from `workshop.cli`.
"""

import gc
import os
import sys


def main() -> None:
    """Patch for gevent when serving, then hand over to the Flask CLI group."""
    serving = sys.argv[1:2] == ["serve"]
    if serving:
        # Starting imports the app and builds it: a few hundred thousand objects that live as long
        # as the process, none of them garbage, which the collector would walk again and again (a
        # start took 1.26 s of CPU, 1.15 without). `serve` freezes them out of its sight, then
        # switches it on again.
        gc.disable()
    if serving and os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent") == "gevent":
        from gevent import monkey

        monkey.patch_all()
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
    from workshop.cli import cli

    cli()
