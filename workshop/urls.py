"""URL rules shared by every blueprint."""

from werkzeug.routing import IntegerConverter

#: Row ids are 32-bit integers in both databases: a larger number cannot name anything.
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number too large for an id is a 404, not a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app) -> None:
    """Call before any blueprint is registered: rules pick their converter when they are added."""
    app.url_map.converters["int"] = IdConverter
