"""What a piece's page reads, in one statement compiled once per connection.

The page needs the piece (with its image, its section and the stamps of its
authors and corrections, articles.page_parts), its actors and its stored
related list. Read as three queries, most of the page's time went to Django
compiling them (the piece's two stamp subqueries above all) and to the round
trips, each waiting for a core on a busy machine. So the piece's query is
compiled by the ORM once per connection (and prepared, so PostgreSQL plans it
once per connection too), with the actors and the related list as two lists in
JSON beside the piece's columns, and each page runs it with its own moment of
reading and slug. The public rule is the ORM's (`public_q`),
checked by the database at the moment of reading like any other query.
"""

import functools
import hashlib
import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone

from entities.models import Entity
from newsroom.addresses import slug_url
from newsroom.statements import server_cursor
from sections.models import Section

from .models import Article, ArticleEntity, public_q, sections_with_public_pieces
from .related.queries import (
    ServedRow,
    json_values,
    served_list_sql,
    served_rows_loaded,
)

_ARTICLE = Article._meta.db_table
_LINK = ArticleEntity._meta.db_table
_ENTITY = Entity._meta.db_table
_ENTITY_FIELDS = [field.attname for field in Entity._meta.concrete_fields]
_LINK_FIELDS = [field.attname for field in ArticleEntity._meta.concrete_fields]
# Stand-ins for what each read puts in their places, found among the compiled
# parameters by value (as articles.related.queries.CompiledRule does).
_SOME_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
_SOME_SLUG = "\x00some-slug\x00"
_PUBLISH_AT = Article._meta.get_field("publish_at")
_SECTION_ORDER = Section._meta.ordering


class PageRead:
    """A public (or, for a preview, any) piece as one row of the database:
    `article` with its actors loaded as `with_entities()` loads them and its
    part stamps as `with_part_stamps()` annotates them, its stored related list
    as `served_rows` reads it (`served`), and what the row says the page shows
    (`shown`), without making a model of it."""

    def __init__(self, row: tuple, compiled: "_Compiled"):
        self.row, self._compiled = row, compiled

    @functools.cached_property
    def shown(self) -> str:
        """A digest of the row: the piece's columns and those of its section and
        image, its stamps, its actors and its related cards with their
        pictures' edits."""
        return hashlib.blake2b(repr(self.row).encode(), digest_size=16).hexdigest()

    @functools.cached_property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(name, address) of the navigation's sections, as the database had
        them in the same moment as the piece."""
        return _navigation(self.row[self._compiled.annotations["page_sections"]])

    @functools.cached_property
    def article(self) -> Article:
        article = self._compiled.article_of(self.row)
        del article.page_sections
        actors = article.__dict__.pop("page_actors")
        _actors_attach(article, json.loads(actors) if actors else [])
        return article

    @functools.cached_property
    def served(self) -> list[ServedRow]:
        return served_rows_loaded(
            self.article.__dict__.pop("page_served"), self._compiled.alias
        )


def page_read(*, slug: str, public: bool, related: int) -> PageRead | None:
    """The piece at `slug` (only if public now, when `public`) with its actors
    and its best `related` stored neighbours that are public now; None when
    there is no such piece."""
    connection = connections[router.db_for_read(Article)]
    read = _compiled(connection, public, related)
    # Prepared: planning this statement cost PostgreSQL five times what
    # running it does (newsroom.statements).
    with server_cursor(connection, prepare=True) as cursor:
        cursor.execute(read.sql, read.params_at(timezone.now(), slug, connection))
        row = cursor.fetchone()
    return None if row is None else PageRead(row, read)


class _Compiled:
    """The ORM's compilation of the piece's query for one connection, and
    what its iterator would do with a row (django.db.models.query.ModelIterable)."""

    def __init__(self, connection: BaseDatabaseWrapper, public: bool, related: int):
        pieces = (
            Article.objects.using(connection.alias)
            .select_related("image", "section")
            .with_part_stamps()
            .annotate(
                page_actors=RawSQL(_actors_sql(connection), [], TextField()),
                page_sections=RawSQL(*_sections_sql(connection), TextField()),
                page_served=RawSQL(
                    *served_list_sql(
                        article_column=f'"{_ARTICLE}"."id"',
                        limit=related,
                        moment=_SOME_MOMENT,
                        connection=connection,
                    ),
                    TextField(),
                ),
            )
            .filter(slug=_SOME_SLUG)
            # A slug is unique: nothing to order, as QuerySet.get() knows.
            .order_by()
        )
        if public:
            pieces = pieces.filter(public_q(now=_SOME_MOMENT))
        compiler = pieces.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        moment = _PUBLISH_AT.get_db_prep_value(_SOME_MOMENT, connection)
        self.moments = [at for at, value in enumerate(params) if value == moment]
        self.slugs = [at for at, value in enumerate(params) if value == _SOME_SLUG]
        self.compiler = compiler
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [
            column[0].target.attname
            for column in compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(
            compiler.klass_info, compiler.select, connection.alias
        )
        self.annotations = compiler.annotation_col_map
        self.alias = connection.alias

    def params_at(self, moment: datetime, slug: str, connection) -> list:
        params = list(self.params)
        value = _PUBLISH_AT.get_db_prep_value(moment, connection)
        for at in self.moments:
            params[at] = value
        for at in self.slugs:
            params[at] = slug
        return params

    def article_of(self, row: tuple) -> Article:
        if self.converters:
            row = next(self.compiler.apply_converters([row], self.converters))
        article = Article.from_db(
            self.alias, self.init_list, row[self.start : self.end]
        )
        for populator in self.populators:
            populator.populate(row, article)
        for name, at in self.annotations.items():
            setattr(article, name, row[at])
        return article


# Per connection: a compiler belongs to the connection it compiled for. Few
# connections live in a process (one per thread and database).
_compiled = functools.lru_cache(maxsize=64)(_Compiled)


def _actors_sql(connection: BaseDatabaseWrapper) -> str:
    """The piece's actor links, each with its actor, A–Z as `with_entities()`
    orders them, as a JSON list of [link columns..., actor columns...]."""
    joined = (
        f"FROM {_LINK} l JOIN {_ENTITY} e ON e.id = l.tag_id "
        f'WHERE l.content_object_id = "{_ARTICLE}"."id"'
    )
    if connection.vendor == "postgresql":
        # Kept short: psycopg parses a statement once only up to 4 kB.
        columns = ", ".join(
            [f"l.{name}" for name in _LINK_FIELDS]
            + [f"e.{name}" for name in _ENTITY_FIELDS]
        )
        return (
            f"(SELECT json_agg(json_build_array({columns}) "
            f"ORDER BY e.name_key, l.tag_id)::text {joined})"
        )
    # SQLite aggregates rows in the order a subquery gives them.
    names = [*_LINK_FIELDS, *(f"e_{name}" for name in _ENTITY_FIELDS)]
    columns = ", ".join(
        [f"l.{name}" for name in _LINK_FIELDS]
        + [f"e.{name} AS e_{name}" for name in _ENTITY_FIELDS]
    )
    return (
        f"(SELECT json_group_array(json_array({', '.join(f'a.{n}' for n in names)})) "
        f"FROM (SELECT {columns} {joined} ORDER BY e.name_key, l.tag_id) a)"
    )


def _sections_sql(connection: BaseDatabaseWrapper) -> tuple[str, list]:
    """The navigation's sections at the moment of reading, in the editors'
    order, as a JSON list of [name, slug]."""
    sections = sections_with_public_pieces(now=_SOME_MOMENT).values_list(
        "name", "slug", *_SECTION_ORDER
    )
    if connection.vendor == "postgresql":
        sql, params = (
            sections.order_by().query.get_compiler(connection=connection).as_sql()
        )
        order = ", ".join(f's."{name}"' for name in _SECTION_ORDER)
        return (
            f"(SELECT json_agg(json_build_array(s.name, s.slug) ORDER BY {order})"
            f"::text FROM ({sql}) s)"
        ), list(params)
    # SQLite aggregates rows in the order a subquery gives them.
    sql, params = sections.query.get_compiler(connection=connection).as_sql()
    return (
        f"(SELECT json_group_array(json_array(s.name, s.slug)) FROM ({sql}) s)"
    ), list(params)


def _navigation(listed: str | None) -> tuple[tuple[str, str], ...]:
    # Keyed on what the addresses are made from, as slug_url is.
    return _navigation_at(
        listed, get_urlconf(settings.ROOT_URLCONF), get_script_prefix()
    )


# The same few lists on every page, read each time into the same addresses.
@functools.lru_cache(maxsize=16)
def _navigation_at(listed: str | None, urlconf, prefix: str) -> tuple:
    return tuple(
        (name, slug_url("sections:detail", slug))
        for name, slug in json.loads(listed or "[]")
    )


def _actors_attach(article: Article, rows: list[list]) -> None:
    """Put the actors read with the piece where `with_entities()` puts them:
    the links in the piece's prefetch cache, each with its actor and piece."""
    alias = article._state.db
    split = len(_LINK_FIELDS)
    links = []
    for row in rows:
        link = ArticleEntity.from_db(
            alias, _LINK_FIELDS, json_values(ArticleEntity, _LINK_FIELDS, row[:split])
        )
        link.tag = Entity.from_db(
            alias, _ENTITY_FIELDS, json_values(Entity, _ENTITY_FIELDS, row[split:])
        )
        link.content_object = article
        links.append(link)
    manager = article.entity_links
    read = manager.get_queryset()
    read._result_cache = links
    read._prefetch_done = True
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[manager.field.remote_field.cache_name] = read
