"""Moments as every admin page and message writes them: "2 Dec 2026, 09:00 UTC"."""

from datetime import datetime

from django.utils import dateformat, formats, timezone


def datetime_text(value: datetime) -> str:
    """`value` in the site's time zone, in the one format of the admin
    (DATETIME_FORMAT of newsroom/formats)."""
    return dateformat.format(
        timezone.localtime(value), formats.get_format("DATETIME_FORMAT")
    )
