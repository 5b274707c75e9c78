"""Finding or creating the authors that imported content credits."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Author
from .names import name_key

# What an author object in an import may set besides the name and slug.
AUTHOR_DETAILS = ("role", "bio", "website", "links", "wikidata_id")


class AuthorResolutionError(ValueError):
    """An author reference that cannot be settled without the editor saying more."""


@dataclass(frozen=True)
class AuthorRef:
    """An author as imported content names them: by name, or by slug with details.

    `details` holds only the fields the content gives (AUTHOR_DETAILS), which
    are then set on the author it finds or creates.
    """

    name: str
    slug: str = ""
    details: dict[str, str] = field(default_factory=dict, hash=False)


class AuthorResolver:
    """Maps references to authors, creating missing ones, one query per preload.

    A reference with a slug is the author with that slug (created if missing,
    renamed if the name differs); one without matches by name, in any case; a
    name several authors share is refused rather than guessed.
    """

    def __init__(self):
        self._by_slug: dict[str, Author] = {}
        self._by_key: dict[str, dict[int, Author]] = defaultdict(dict)
        self.created = 0

    def preload(self, refs: Iterable[AuthorRef]) -> None:
        refs = list(refs)
        slugs = {ref.slug for ref in refs if ref.slug} - set(self._by_slug)
        keys = {name_key(ref.name) for ref in refs if not ref.slug}
        keys -= set(self._by_key)
        if not (slugs or keys):
            return
        for key in keys:
            self._by_key.setdefault(key, {})  # known now, even if nobody has it
        for author in Author.objects.filter(Q(slug__in=slugs) | Q(name_key__in=keys)):
            self._remember(author)

    def resolve(self, ref: AuthorRef) -> Author:
        self.preload([ref])
        if ref.slug:
            author = self._by_slug.get(ref.slug) or Author(slug=ref.slug)
        else:
            matches = list(self._by_key[name_key(ref.name)].values())
            if len(matches) > 1:
                raise AuthorResolutionError(
                    f"author {ref.name!r} is ambiguous ({len(matches)} authors have "
                    "this name): give their slug"
                )
            author = matches[0] if matches else Author()
        changed = {"name": ref.name, **ref.details}
        changed = {
            name: value
            for name, value in changed.items()
            if getattr(author, name) != value
        }
        if not changed:
            return author
        if wikidata_id := changed.get("wikidata_id"):
            owner = Author.objects.filter(wikidata_id=wikidata_id).exclude(pk=author.pk)
            if owner := owner.first():
                raise AuthorResolutionError(
                    f"author {ref.name!r}: wikidata_id {wikidata_id} belongs to "
                    f"{owner.name!r}"
                )
        self._forget(author)
        for name, value in changed.items():
            setattr(author, name, value)
        if author.pk is None:
            self.created += 1
        author.save()
        self._remember(author)
        return author

    def _remember(self, author: Author) -> None:
        self._by_slug[author.slug] = author
        self._by_key[author.name_key][author.pk] = author

    def _forget(self, author: Author) -> None:
        if author.pk is not None:
            self._by_key[author.name_key].pop(author.pk, None)
