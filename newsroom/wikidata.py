"""Wikidata ids, which actors and authors may both carry."""

from django.core.validators import RegexValidator

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    "Enter a Wikidata id: Q followed by digits, e.g. Q41053.",
)


def wikidata_url(wikidata_id: str) -> str:
    """The item's page on Wikidata, or "" without an id."""
    return f"https://www.wikidata.org/wiki/{wikidata_id}" if wikidata_id else ""
