"""A pickle that leaves a mark when someone unpickles it (no harm done)."""

TRIPPED = []


def trip(note):
    TRIPPED.append(note)
    return {}


class Canary:
    def __reduce__(self):
        return (trip, ("unpickled",))
