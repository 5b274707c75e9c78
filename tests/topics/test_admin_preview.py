"""The topic form's live preview endpoint: what the unsaved rule gathers."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from topics.models import Topic
from topics.ranking import topic_articles

pytestmark = pytest.mark.django_db

PREVIEW = reverse("admin:topics_topic_preview")


@pytest.fixture
def axis(actors, article_factory):
    a = actors
    make = article_factory
    hour = timedelta(hours=1)
    now = timezone.now()
    return {
        "all-three": make(
            slug="all-three",
            publish_at=now - 5 * hour,
            entities=[a["Hamas"], a["Hezbollah"], a["Iran"]],
        ),
        "hamas-iran": make(
            slug="hamas-iran",
            publish_at=now - 2 * hour,
            entities=[a["Hamas"], a["Iran"]],
        ),
        "hamas-hezbollah": make(
            slug="hamas-hezbollah",
            publish_at=now - 3 * hour,
            entities=[a["Hamas"], a["Hezbollah"]],
        ),
        "hamas-only": make(slug="hamas-only", entities=[a["Hamas"], a["Israel"]]),
        "egypt": make(slug="egypt", entities=[a["Hamas"], a["Iran"], a["Egypt"]]),
        "draft": make(
            slug="draft", status=Status.DRAFT, entities=[a["Hamas"], a["Iran"]]
        ),
        "scheduled": make(
            slug="scheduled",
            publish_at=now + timedelta(days=1),
            entities=[a["Hamas"], a["Hezbollah"], a["Iran"]],
        ),
    }


def rule(actors, **changes) -> dict:
    a = actors
    data = {
        "all_of": [a["Hamas"].pk],
        "any_of": [a["Hezbollah"].pk, a["Iran"].pk],
        "min_shared": "1",
        "none_of": [a["Egypt"].pk],
        "since": "",
        "until": "",
    }
    return data | changes


def preview(client, data) -> dict:
    answer = client.post(PREVIEW, data)
    assert answer.status_code == 200, answer.content
    return answer.json()


def slugs(answer, axis) -> list[str]:
    by_id = {piece.pk: slug for slug, piece in axis.items()}
    return [by_id[row["id"]] for row in answer["results"]]


@pytest.fixture
def editing(client_for, editor):
    return client_for(editor)


def test_preview_counts_and_ranks_the_public_pieces_the_unsaved_rule_matches(
    editing, actors, axis
):
    answer = preview(editing, rule(actors))
    assert answer["count"] == 3
    # Sharing Hamas, Hezbollah and Iran ranks above sharing two of them (the
    # rarer Hezbollah counting more than Iran); drafts, scheduled pieces and
    # Egypt's are never in.
    assert slugs(answer, axis) == ["all-three", "hamas-hezbollah", "hamas-iran"]
    assert set(answer["results"][0]["shared"]) == {"Hamas", "Hezbollah", "Iran"}
    assert answer["results"][0]["url"] == axis["all-three"].get_absolute_url()
    assert f'data-pin="{axis["all-three"].pk}"' in answer["html"]
    assert axis["all-three"].headline in answer["html"]
    assert Topic.objects.count() == 0, "nothing saved"


def test_preview_lists_what_the_saved_topic_s_page_lists_in_its_order(
    editing, actors, axis, article_factory, topic_factory
):
    a = actors
    for n in range(6):
        article_factory(entities=[a["Hamas"], a["Iran"], a["Israel"]][: 2 + n % 2])
    pinned = [axis["hamas-only"]]
    topic = topic_factory(
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"], a["Israel"]],
        none_of=[a["Egypt"]],
        pinned=pinned,
    )
    page = [piece.pk for piece in topic_articles(topic=topic)][:10]
    answer = preview(
        editing,
        rule(actors, any_of=[a["Hezbollah"].pk, a["Iran"].pk, a["Israel"].pk])
        | {"pinned": [axis["hamas-only"].pk]},
    )
    assert [row["id"] for row in answer["results"]] == page


def test_preview_follows_each_part_of_the_rule(editing, actors, axis):
    a = actors
    assert preview(editing, rule(actors, none_of=[]))["count"] == 4
    two = preview(editing, rule(actors, min_shared="2"))
    assert slugs(two, axis) == ["all-three"]
    hamas = preview(editing, rule(actors, any_of=[], none_of=[]))
    assert set(slugs(hamas, axis)) == {
        "all-three",
        "hamas-iran",
        "hamas-hezbollah",
        "hamas-only",
        "egypt",
    }
    today = timezone.localdate().isoformat()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert preview(editing, rule(actors, since=future))["count"] == 0
    assert preview(editing, rule(actors, until=today))["count"] == 3
    assert (
        preview(editing, rule(actors, all_of=[a["Iran"].pk], any_of=[]))["count"] == 2
    )  # all-three and hamas-iran; Egypt's left out


def test_excluded_pieces_leave_and_pinned_ones_come_first(editing, actors, axis):
    answer = preview(
        editing,
        rule(actors)
        | {
            "excluded": [axis["hamas-iran"].pk],
            "pinned": [axis["hamas-only"].pk, axis["hamas-hezbollah"].pk],
        },
    )
    assert answer["count"] == 2
    assert answer["pinned"] == 2
    assert slugs(answer, axis) == ["hamas-only", "hamas-hezbollah", "all-three"]
    assert [row["pinned"] for row in answer["results"]] == [True, True, False]
    # A pinned piece outside the rule still says what it shares.
    assert answer["results"][0]["shared"] == ["Hamas"]


def test_a_pinned_draft_is_never_previewed(editing, actors, axis):
    answer = preview(editing, rule(actors) | {"pinned": [axis["draft"].pk]})
    assert "draft" not in slugs(answer, axis)
    assert answer["pinned"] == 0


def test_preview_shows_the_first_ten(editing, actors, article_factory):
    a = actors
    for _ in range(14):
        article_factory(entities=[a["Hamas"], a["Iran"]])
    answer = preview(editing, rule(actors))
    assert answer["count"] == 14
    assert len(answer["results"]) == 10


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"min_shared": "0"}, "min_shared"),
        ({"min_shared": "3"}, "min_shared"),
        ({"min_shared": "many"}, "min_shared"),
        ({"all_of": [], "any_of": []}, "all_of"),
        ({"all_of": ["99999999999999999999"]}, "all_of"),
        ({"any_of": ["x"]}, "any_of"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2020-02-01", "until": "2020-01-01"}, "until"),
        ({"excluded": ["\x00"]}, "excluded"),
        ({"pinned": ["0"]}, "pinned"),
    ],
)
def test_bad_input_answers_its_field_errors_as_json(editing, actors, changes, field):
    answer = editing.post(PREVIEW, rule(actors, **changes))
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    errors = answer.json()["errors"]
    assert field in errors
    assert errors[field][0]["message"]


def test_an_actor_in_two_parts_is_an_error_of_the_rule(editing, actors):
    a = actors
    answer = editing.post(PREVIEW, rule(actors, none_of=[a["Hamas"].pk]))
    assert answer.status_code == 400
    assert answer.json()["errors"]["__all__"][0]["message"] == (
        "An actor can be in one part of the rule only."
    )


def test_preview_is_for_staff_who_may_write_topics(
    client, client_for, user_factory, actors, axis, reporter
):
    anonymous = client.post(PREVIEW, rule(actors))
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    no_rights = client_for(user_factory(username="nobody"))
    assert no_rights.post(PREVIEW, rule(actors)).status_code == 403
    # Reporters draft topics, so they preview them.
    assert preview(client_for(reporter), rule(actors))["count"] == 3


def test_preview_is_post_only_and_needs_the_csrf_token(editor, actors, axis):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    assert checked.get(PREVIEW).status_code == 405
    assert checked.post(PREVIEW, rule(actors)).status_code == 403
    page = checked.get(reverse("admin:topics_topic_add"))
    token = page.cookies["csrftoken"].value
    answer = checked.post(PREVIEW, rule(actors) | {"csrfmiddlewaretoken": token})
    assert answer.status_code == 200
    assert answer.json()["count"] == 3


def test_preview_queries_are_bounded(
    editing, actors, article_factory, django_assert_max_num_queries
):
    a = actors
    pieces = [article_factory(entities=[a["Hamas"], a["Iran"]]) for _ in range(30)]
    data = rule(actors) | {
        "pinned": [p.pk for p in pieces[:5]],
        "excluded": [p.pk for p in pieces[5:10]],
    }
    # The session and user, the form's five choices, the rule's links and
    # their pieces' times, weights, pins, the pieces shown and the actors'
    # names: none grows with the pieces (the times are read 2,000 a query).
    with django_assert_max_num_queries(19):
        preview(editing, data)
