"""Finding the section a piece names, by name in any case, or making it."""

from collections.abc import Iterable

from django.db.models import Q

from .models import Section


def section_key(name: str) -> str:
    """What two spellings of one section's name have in common."""
    return " ".join(name.split()).lower()


def sections_for_names(*, names: Iterable[str]) -> dict[str, Section]:
    """The section for each of `names`, keyed by `section_key`; those missing
    are created, spelt as first given. One query, whatever the number, and
    two (its slug, its insert) per new section. Empty names have none."""
    wanted = {}
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned:
            wanted.setdefault(section_key(cleaned), cleaned)
    if not wanted:
        return {}
    query = Q(pk__in=[])
    for name in wanted.values():
        query |= Q(name__iexact=name)
    found = {section_key(s.name): s for s in Section.objects.filter(query)}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Section.objects.create(name=name)
    return found


def section_for_name(*, name: str) -> Section | None:
    """The section called `name` in any case, created if there is none; None
    for an empty name."""
    return sections_for_names(names=[name]).get(section_key(name))
