"""Languages of pieces: BCP 47 tags, the site's default, and writing direction."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# A language subtag, then script, region or variant subtags (RFC 5646's common
# shapes); private-use and grandfathered tags are not what newsroom copy carries.
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

# Languages whose script runs right to left (the primary subtag decides).
RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
)


def language_default() -> str:
    return settings.NEWSROOM_LANGUAGE


def language_normalize(tag: str) -> str:
    """The tag in its conventional case: "pt-br" → "pt-BR", "zh-hant" → "zh-Hant"."""
    parts = tag.strip().replace("_", "-").split("-")
    shaped = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            shaped.append(part.title())
        elif len(part) == 2 and part.isalpha():
            shaped.append(part.upper())
        else:
            shaped.append(part.lower())
    return "-".join(shaped)


def validate_language(tag: str) -> None:
    if not _TAG.match(tag or ""):
        raise ValidationError(
            "“%(tag)s” is not a language tag: "
            "use a BCP 47 tag such as en, de or pt-BR.",
            code="invalid_language",
            params={"tag": tag},
        )


def language_direction(tag: str) -> str:
    """ "rtl" or "ltr", for the HTML `dir` attribute."""
    primary = (tag or "").split("-")[0].lower()
    return "rtl" if primary in RIGHT_TO_LEFT else "ltr"
