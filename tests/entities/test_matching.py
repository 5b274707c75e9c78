import pytest

from entities.matching import Matcher, vocabulary_matcher
from entities.models import Kind
from entities.normalization import match_key, match_words

pytestmark = pytest.mark.django_db


def matcher_of(**names_by_id):
    return Matcher(
        (match_key(name), int(entity_id[1:]))
        for entity_id, names in names_by_id.items()
        for name in names
    )


def found(matcher, text):
    return [(m.text, m.entity_ids) for m in matcher.find(text)]


def test_names_and_aliases_match_in_any_case_and_accent():
    matcher = matcher_of(e1=["Hezbollah", "Hizbollah"], e2=["Abdel Fattah el-Sisi"])
    text = "HIZBOLLAH said Abdel Fattah el-Sīsī met hezbollah."
    assert found(matcher, text) == [
        ("HIZBOLLAH", (1,)),
        ("Abdel Fattah el-Sīsī", (2,)),
        ("hezbollah", (1,)),
    ]


def test_matches_stand_on_word_boundaries():
    matcher = matcher_of(e1=["Iran"], e2=["Hamas"])
    assert found(matcher, "Tirana and Hamasaki and Iranian") == []
    assert found(matcher, "Iran's envoy, Iran’s army and (Hamas).") == [
        ("Iran", (1,)),
        ("Iran", (1,)),
        ("Hamas", (2,)),
    ]


def test_the_longest_name_wins_and_matches_do_not_overlap():
    matcher = matcher_of(e1=["Bashar al-Assad"], e2=["Assad"], e3=["al-Assad regime"])
    assert found(matcher, "Bashar al-Assad spoke; Assad later left.") == [
        ("Bashar al-Assad", (1,)),
        ("Assad", (2,)),
    ]


def test_a_name_shared_by_two_actors_is_ambiguous():
    matcher = matcher_of(e1=["Georgia"], e2=["Georgia"])
    [match] = matcher.find("Talks in Georgia.")
    assert match.is_ambiguous
    assert match.entity_ids == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Sisi in Straße, then  Bashar   al-Assad spoke.",
        "Sisi in Stra\u00dfe, then Bashar\nal-Assad spoke.",
        "S\u0131\u0301si\u0301 in Straße, then Bashar al-Assad spoke.",
    ],
)
def test_matched_text_is_the_original_even_when_folding_moves_positions(text):
    matcher = matcher_of(e1=["Bashar al-Assad"], e2=["Strasse"])
    [(street, _), (assad, _)] = found(matcher, text)
    assert street == "Straße"
    assert " ".join(assad.split()) == "Bashar al-Assad"


def test_words_keep_their_positions_in_the_text():
    text = "Iran’s Sīsī met _Hamas_ (el-Sisi)."
    assert [(key, text[start:end]) for key, start, end in match_words(text)] == [
        ("iran", "Iran"),
        ("s", "s"),
        ("sisi", "Sīsī"),
        ("met", "met"),
        ("hamas", "Hamas"),
        ("al", "el"),
        ("sisi", "Sisi"),
    ]


def test_other_spellings_of_a_name_are_found_as_it():
    matcher = matcher_of(e1=["Abdel Fattah el-Sisi"], e2=["Mohammed bin Salman"])
    text = (
        "Abd al-Fattah as-Sisi met Muhammad ibn Salman; "
        "Abdul Fatah Sisy and Mohammed bin Zayed did not."
    )
    assert found(matcher, text) == [
        ("Abd al-Fattah as-Sisi", (1,)),
        ("Muhammad ibn Salman", (2,)),
    ]


def test_vocabulary_matcher_is_rebuilt_only_when_the_vocabulary_changes(
    entity_factory, alias_factory
):
    hamas = entity_factory(name="Hamas")
    first = vocabulary_matcher()
    assert vocabulary_matcher() is first
    alias = alias_factory(entity=hamas, name="Harakat")
    second = vocabulary_matcher()
    assert second is not first
    assert found(second, "Harakat") == [("Harakat", (hamas.pk,))]
    alias.name = "Islamic Resistance Movement"
    alias.save()
    assert found(vocabulary_matcher(), "the Islamic Resistance Movement") == [
        ("Islamic Resistance Movement", (hamas.pk,))
    ]
    entity_factory(name="Georgia", kind=Kind.COUNTRY)
    assert vocabulary_matcher().find("Georgia")
