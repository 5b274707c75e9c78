import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities.models import Entity, EntityAlias, Kind
from entities.normalization import name_key

pytestmark = pytest.mark.django_db


def test_name_key_ignores_case_accents_and_spacing():
    assert name_key("  NATO ") == name_key("Nato") == "nato"
    assert name_key("Sīsī") == name_key("SISI")
    assert name_key("Bashar  al-Assad") == "bashar al-assad"


def test_slug_is_made_from_the_name_and_stays_unique(entity_factory):
    country = entity_factory(name="Georgia", kind=Kind.COUNTRY)
    person = entity_factory(name="Georgia", kind=Kind.PERSON)
    assert country.slug == "georgia"
    assert person.slug == "georgia-2"


def test_same_name_in_another_kind_is_another_actor(entity_factory):
    entity_factory(name="Georgia", kind=Kind.COUNTRY)
    entity_factory(name="Georgia", kind=Kind.PERSON)
    assert Entity.objects.filter(name="Georgia").count() == 2


def test_name_differing_only_in_case_is_refused_by_the_database(entity_factory):
    entity_factory(name="NATO", kind=Kind.ORGANISATION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.create(name="Nato", kind=Kind.ORGANISATION)


def test_name_differing_only_in_case_is_a_form_error(entity_factory):
    entity_factory(name="NATO", kind=Kind.ORGANISATION)
    duplicate = Entity(name="nato", kind=Kind.ORGANISATION)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["name"] == [
        "“NATO” already exists as organisation."
    ]


@pytest.mark.parametrize("value", ["Q41053", "Q1"])
def test_valid_wikidata_id_is_accepted(value):
    Entity(name="Hezbollah", kind=Kind.ORGANISATION, wikidata_id=value).full_clean()


@pytest.mark.parametrize("value", ["41053", "q41053", "Q", "Q0", "Q12a", "Q41053\n"])
def test_malformed_wikidata_id_is_refused(value):
    with pytest.raises(ValidationError) as error:
        Entity(name="Hezbollah", kind=Kind.ORGANISATION, wikidata_id=value).full_clean()
    assert "wikidata_id" in error.value.message_dict


def test_wikidata_id_is_unique_but_may_be_blank_on_many(entity_factory):
    entity_factory(name="A", wikidata_id="")
    entity_factory(name="B", wikidata_id="")
    entity_factory(name="Hezbollah", wikidata_id="Q41053")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.create(name="Hizbollah", kind=Kind.PERSON, wikidata_id="Q41053")


def test_entity_is_found_by_alias_in_any_case_or_accent(entity_factory, alias_factory):
    hezbollah = entity_factory(name="Hezbollah")
    alias_factory(entity=hezbollah, name="Hizbollah")
    sisi = entity_factory(name="Abdel Fattah el-Sisi", kind=Kind.PERSON)
    alias_factory(entity=sisi, name="Sisi")
    assert list(Entity.objects.named("HIZBOLLAH")) == [hezbollah]
    assert list(Entity.objects.named("hezbollah")) == [hezbollah]
    assert list(Entity.objects.named("Sīsī")) == [sisi]


def test_alias_equal_to_the_name_is_refused(entity_factory):
    hamas = entity_factory(name="Hamas")
    with pytest.raises(ValidationError):
        EntityAlias(entity=hamas, name="HAMAS").full_clean()


def test_duplicate_alias_of_one_actor_is_refused(entity_factory, alias_factory):
    hezbollah = entity_factory(name="Hezbollah")
    alias_factory(entity=hezbollah, name="Hizbollah")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntityAlias.objects.create(entity=hezbollah, name="hizbollah")
