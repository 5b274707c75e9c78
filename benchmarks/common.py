"""Shared by the benchmark scripts: Django set-up, timing and percentiles."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    # As in production: a first run's settings log every query in DEBUG.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def timed(function, *args, **kwargs) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    if len(samples_ms) == 1:
        return samples_ms[0], samples_ms[0]
    cuts = statistics.quantiles(samples_ms, n=20, method="inclusive")
    return statistics.median(samples_ms), cuts[18]
