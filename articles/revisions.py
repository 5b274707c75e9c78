"""Reading an article's revisions (kept by django-reversion) and comparing them."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Revision, Version

from authors.models import Author
from entities.models import Entity
from newsroom.dates import datetime_text
from sections.models import Section

from .models import (
    EDITORIAL_FIELDS,
    Article,
    ArticleAuthor,
    ArticleEntity,
    Correction,
    CorrectionKind,
    Status,
)

COMPARED_FIELDS = EDITORIAL_FIELDS
# What restoring a revision brings back; status and publish time stay as they
# are, because moving a piece in or out of public view is a transition, not an edit.
RESTORED_FIELDS = ["headline", "standfirst", "body", "byline", "section_id"]


def article_versions(article: Article):
    """The article's stored versions, newest first, with who saved each."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


@dataclass(frozen=True)
class Snapshot:
    """What an article was at one moment: its compared fields, its actors, and
    (when known) its authors in order and its corrections."""

    fields: dict
    actor_ids: frozenset[int]
    actor_names: dict[int, str]
    # (id, name) of each author, in byline order.
    authors: tuple[tuple[int, str], ...] | None = None
    # Each correction as readers are told it.
    corrections: tuple[str, ...] | None = None

    @classmethod
    def from_article(cls, article: Article) -> "Snapshot":
        actors = list(
            Entity.objects.filter(article_links__content_object=article).only("name")
        )
        return cls(
            fields={name: getattr(article, name) for name in COMPARED_FIELDS},
            actor_ids=frozenset(actor.pk for actor in actors),
            actor_names={actor.pk: actor.name for actor in actors},
            authors=tuple(
                (link.author_id, link.author.name)
                for link in article.links_with_authors
            ),
            corrections=tuple(
                correction_line(c.kind, c.at, c.text) for c in article.corrections.all()
            ),
        )

    @classmethod
    def from_revision(cls, *, revision: Revision, article_id: int) -> "Snapshot":
        types = ContentType.objects.get_for_models(
            Article, ArticleEntity, ArticleAuthor, Correction
        )
        versions = list(
            revision.version_set.filter(content_type__in=types.values()).order_by("pk")
        )
        article = next(
            v.field_dict
            for v in versions
            if v.content_type_id == types[Article].pk and v.object_id == str(article_id)
        )

        def rows(model, key):
            return [
                v
                for v in versions
                if v.content_type_id == types[model].pk
                and v.field_dict[key] == article_id
            ]

        # A link's repr ends with its actor's name: the name to show if the
        # actor has been deleted since.
        recorded = {
            v.field_dict["tag_id"]: v.object_repr.rpartition(" — ")[2]
            for v in rows(ArticleEntity, "content_object_id")
        }
        names = dict(Entity.objects.filter(pk__in=recorded).values_list("pk", "name"))
        credits = sorted(
            rows(ArticleAuthor, "article_id"),
            key=lambda v: (v.field_dict["order"], int(v.object_id)),
        )
        corrections = sorted(
            rows(Correction, "article_id"),
            key=lambda v: (v.field_dict["at"], int(v.object_id)),
        )
        author_names = dict(
            Author.objects.filter(
                pk__in=[v.field_dict["author_id"] for v in credits]
            ).values_list("pk", "name")
        )
        return cls(
            fields={name: article[name] for name in COMPARED_FIELDS},
            actor_ids=frozenset(recorded),
            actor_names={
                pk: names.get(pk, f"{name} (deleted)") for pk, name in recorded.items()
            },
            authors=tuple(
                (
                    v.field_dict["author_id"],
                    author_names.get(
                        v.field_dict["author_id"],
                        f"{v.object_repr.rpartition(' — ')[2]} (deleted)",
                    ),
                )
                for v in credits
            ),
            corrections=tuple(
                correction_line(
                    v.field_dict["kind"], v.field_dict["at"], v.field_dict["text"]
                )
                for v in corrections
            ),
        )

    def with_content_of(self, other: "Snapshot") -> "Snapshot":
        """This snapshot with `other`'s restorable fields, actors and authors: a
        restore. Corrections stay: a restore never takes one back."""
        return Snapshot(
            fields={**self.fields, **{n: other.fields[n] for n in RESTORED_FIELDS}},
            actor_ids=other.actor_ids,
            actor_names=other.actor_names,
            authors=other.authors,
            corrections=self.corrections,
        )


def correction_line(kind: str, at, text: str) -> str:
    """A correction as the history shows it: kind, time and text."""
    return f"{CorrectionKind(kind).label}, {_text('publish_at', at)}: {text}"


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


@dataclass(frozen=True)
class SnapshotDiff:
    changes: list[FieldChange]
    actors_added: list[str]
    actors_removed: list[str]

    def __bool__(self):
        return bool(self.changes or self.actors_added or self.actors_removed)


def snapshot_diff(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    """What changed from `old` to `new`: fields as inline word diffs, actors by name."""
    changes = [
        FieldChange(
            label=Article._meta.get_field(name).verbose_name.capitalize(),
            diff=_inline_diff(
                _text(name, old.fields[name]), _text(name, new.fields[name])
            ),
        )
        for name in COMPARED_FIELDS
        if old.fields[name] != new.fields[name]
    ]
    # A form refused for a conflict says nothing of authors and corrections.
    lists = [
        ("Authors", old.authors, new.authors, lambda authors: [n for _, n in authors]),
        ("Corrections", old.corrections, new.corrections, list),
    ]
    changes += [
        FieldChange(
            label=label,
            diff=_inline_diff("\n".join(names(before)), "\n".join(names(after))),
        )
        for label, before, after, names in lists
        if before is not None and after is not None and names(before) != names(after)
    ]
    return SnapshotDiff(
        changes=changes,
        actors_added=sorted(
            new.actor_names[pk] for pk in new.actor_ids - old.actor_ids
        ),
        actors_removed=sorted(
            old.actor_names[pk] for pk in old.actor_ids - new.actor_ids
        ),
    )


def _text(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name == "status":
        return Status(value).label
    if name == "publish_at":
        return datetime_text(value)
    if name == "section_id":
        section = Section.objects.filter(pk=value).first()
        return section.name if section else f"(a deleted section, {value})"
    return str(value)


def _inline_diff(old: str, new: str) -> SafeString:
    """Words removed in <del>, words added in <ins>, the rest as it was."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    for op, i1, i2, j1, j2 in _joined_changes(before, after):
        if op == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(parts))


def _joined_changes(before: list[str], after: list[str]) -> list[list]:
    """Opcodes in which changes split only by a space read as one change."""
    ops = [list(op) for op in SequenceMatcher(None, before, after).get_opcodes()]
    for k in range(1, len(ops) - 1):
        tag, i1, i2, _, _ = ops[k]
        between_changes = ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        if tag == "equal" and between_changes and not "".join(before[i1:i2]).strip():
            ops[k][0] = "replace"
    joined = []
    for op in ops:
        if joined and op[0] != "equal" and joined[-1][0] != "equal":
            joined[-1] = ["replace", joined[-1][1], op[2], joined[-1][3], op[4]]
        else:
            joined.append(op)
    return joined  # noqa: S308 — every part is escaped above
