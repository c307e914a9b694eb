"""The `workshop` console script.

`workshop serve` runs under gevent, which must patch the standard library before anything else
imports it; that is why this tiny module exists apart from `workshop.cli`.
"""

import os
import sys


def main() -> None:
    """Patch for gevent when serving, then hand over to the Flask CLI group."""
    if sys.argv[1:2] == ["serve"] and os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent") == "gevent":
        from gevent import monkey

        monkey.patch_all()
        from psycogreen.gevent import patch_psycopg

        patch_psycopg()
    from workshop.cli import cli

    cli()
