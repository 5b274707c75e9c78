import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def axis(actors, article_factory, topic_factory):
    a = actors
    pieces = [
        article_factory(entities=[a["Hamas"], *extra])
        for extra in [
            [a["Iran"]],
            [a["Hezbollah"], a["Iran"]],
            [a["Hezbollah"]],
            [a["Iran"], a["Israel"]],
            [a["Hezbollah"], a["Iran"], a["Russia"]],
        ]
    ]
    return topic_factory(
        slug="axis",
        title="Hamas, Hezbollah and Iran",
        intro="The *axis*.",
        all_of=[a["Hamas"]],
        any_of=[a["Hezbollah"], a["Iran"]],
        none_of=[a["Egypt"]],
        pinned=[pieces[3]],
    )


def test_the_api_answers_the_pages_pieces_in_its_order(client, axis):
    html = client.get("/topics/axis/").content.decode()
    on_page = re.findall(
        r'class="card-headline"[^>]*><a href="/articles/([^/]+)/', html
    )
    answer = client.get("/api/topics/axis").json()
    assert [piece["slug"] for piece in answer["results"]] == on_page
    assert answer["results"][0]["pinned"] is True
    assert answer["count"] == 5


def test_the_api_pages_through_the_same_order(client, axis):
    whole = [p["slug"] for p in client.get("/api/topics/axis").json()["results"]]
    first = client.get("/api/topics/axis", {"page_size": 2}).json()
    assert first["next"].endswith("page=2") or "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [p["slug"] for p in first["results"] + second["results"]] == whole[:4]
    assert second["previous"]


def test_the_api_describes_the_topic_and_its_rule(client, axis):
    answer = client.get("/api/topics/axis").json()
    assert answer["slug"] == "axis"
    assert answer["title"] == "Hamas, Hezbollah and Iran"
    assert answer["intro"] == "The *axis*."
    assert "<em>axis</em>" in answer["intro_html"]
    assert answer["url"] == "http://testserver/topics/axis/"
    assert answer["api_url"] == "http://testserver/api/topics/axis"
    rule = answer["rule"]
    assert [a["name"] for a in rule["all_of"]] == ["Hamas"]
    assert [a["name"] for a in rule["any_of"]] == ["Hezbollah", "Iran"]
    assert [a["name"] for a in rule["none_of"]] == ["Egypt"]
    assert (rule["min_shared"], rule["since"], rule["until"]) == (1, None, None)
    shared = answer["results"][1]["shared_entities"]
    assert {a["name"] for a in shared} <= {"Hamas", "Hezbollah", "Iran"}


def test_newest_order_in_the_api(client, axis):
    results = client.get("/api/topics/axis", {"order": "newest"}).json()["results"]
    times = [piece["publish_at"] for piece in results]
    assert times == sorted(times, reverse=True)


def test_an_unknown_parameter_or_order_is_422(client, axis):
    assert client.get("/api/topics/axis", {"sort": "x"}).status_code == 422
    assert client.get("/api/topics/axis", {"order": "oldest"}).status_code == 422


def test_the_list_of_topics(client, axis):
    answer = client.get("/api/topics/").json()
    assert [(t["slug"], t["article_count"]) for t in answer["results"]] == [("axis", 5)]
    assert answer["results"][0]["api_url"] == "http://testserver/api/topics/axis"


def test_an_unknown_topic_is_a_json_404(client):
    answer = client.get("/api/topics/nowhere")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "No topic with slug 'nowhere'."}
