from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Status
from authors.models import Author
from entities.models import Entity, EntityAlias, Kind
from sections.services import section_for_name

PASSWORD = "correct horse battery staple"


# Every way a piece can be out of readers' sight: (status, publish time from now).
NON_PUBLIC = [
    (Status.DRAFT, timedelta(hours=-1)),
    (Status.REVIEW, timedelta(hours=-1)),
    (Status.WITHDRAWN, timedelta(hours=-1)),
    (Status.PUBLISHED, timedelta(hours=1)),
]


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Kind.ORGANISATION


class EntityAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer Number{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    standfirst = "A short summary."
    body = "First paragraph.\n\nSecond paragraph."
    byline = "Dana Levin"
    section = "Middle East"
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # Tests name a section as the import format does: found in any case, or made.
        if isinstance(kwargs.get("section"), str):
            kwargs["section"] = section_for_name(name=kwargs["section"])
        return kwargs

    @factory.post_generation
    def entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.entities.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """Credits `authors` in the order given."""
        if create and extracted:
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=self, author=author, order=order)
                for order, author in enumerate(extracted)
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Writer {n}")
    is_staff = True
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
