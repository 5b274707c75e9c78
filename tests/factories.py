from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Status
from entities.models import Entity, EntityAlias, Kind


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

    @factory.post_generation
    def entities(self, create, extracted, **kwargs):
        if create and extracted:
            self.entities.add(*extracted)
