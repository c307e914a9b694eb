"""The test suite (tests/conftest.py has the fixtures).

This package is imported before anything else of the suite, conftest.py and the app included, so
it is where the garbage collector is switched off for collection: importing the app and 80 test
modules makes some hundreds of thousands of objects, none of them garbage, and the collector walked
them again and again (a third of each test process's collection time). pytest_collection_finish
switches it on again with all of that frozen out of its sight."""

import gc

gc.disable()
