"""Plain words for lists of names and distances in time, as a reader says them."""

DAY = 86400
# Beyond a fortnight days stop being counted, beyond two months weeks, beyond
# two years months: "5 months earlier" reads better than "152 days earlier".
UNITS = (
    (14, "day", 1),
    (61, "week", 7),
    (730, "month", 30.44),
    (None, "year", 365.25),
)


def names_listed(names: list[str]) -> str:
    """ "Hamas", "Hamas and Iran", "Hamas, Hezbollah and Iran"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def time_apart(*, seconds: float) -> str:
    """How far a piece is from another in time, `seconds` after it (negative:
    before it): "the same day", "3 days earlier", "2 months later"."""
    days = abs(seconds) / DAY
    if days < 1:
        return "the same day"
    unit, length = next(
        (unit, length) for below, unit, length in UNITS if below is None or days < below
    )
    count = max(1, round(days / length))
    direction = "earlier" if seconds < 0 else "later"
    return f"{count} {unit}{'' if count == 1 else 's'} {direction}"
