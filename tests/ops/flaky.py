"""Tasks that fail on purpose, for the retry tests (newsroom.tasks)."""

from django.core.cache import cache

from newsroom.tasks import background


class Broken(Exception):
    pass


@background
def always_fails(*, label: str) -> None:
    raise Broken(label)


@background
def fails_once(*, key: str) -> str:
    """Fails on its first run, succeeds on the next: a passing outage."""
    if cache.add(key, "failed once"):
        raise Broken(key)
    return "done"
