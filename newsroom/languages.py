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


# The language of the site's own words (base.html's `lang`): menus, labels,
# dates. A piece in another language says so on its own element.
PAGE_LANGUAGE = "en"


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
    return "rtl" if language_primary(tag) in RIGHT_TO_LEFT else "ltr"


# The text-search configurations PostgreSQL ships (its snowball stemmers, every
# one of them in pg_ts_config since PostgreSQL 13; Django 5.2 needs 14), by the
# primary subtag of the language they stem.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# Words kept as written, lower-cased: for languages without a stemmer.
UNSTEMMED_CONFIG = "simple"


def language_primary(tag: str) -> str:
    return (tag or "").split("-")[0].lower()


def text_search_config(tag: str) -> str:
    """The PostgreSQL text-search configuration that stems `tag`'s words."""
    return TEXT_SEARCH_CONFIGS.get(language_primary(tag), UNSTEMMED_CONFIG)


def news_language(tag: str) -> str:
    """The code Google News sitemaps want: ISO 639, but zh-cn and zh-tw for Chinese."""
    primary = language_primary(tag)
    if primary == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & set(tag.lower().split("-")[1:])
        return "zh-tw" if traditional else "zh-cn"
    return primary
