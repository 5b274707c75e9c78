import unicodedata


def name_key(name: str) -> str:
    """The form in which two names count as the same: case, accents and spacing ignored.

    "NATO", "Nato" and " nato " share a key, and so do "Sisi" and "Sīsī".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())
