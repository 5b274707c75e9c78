"""Requests that name another site: a Host header not ours is refused with one
line of log, and a sign-in whose `next` leads elsewhere lands on the admin."""

import logging

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_request_for_another_host_is_refused_with_one_warning_line(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    (record,) = caplog.records
    assert (record.name, record.levelname) == (
        "django.security.DisallowedHost",
        "WARNING",
    )
    line = logging.Formatter().format(record)
    assert line.startswith("Invalid HTTP_HOST header: 'evil.example'.")
    assert "\n" not in line


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "https:evil.example"]
)
def test_a_sign_in_whose_next_leads_elsewhere_lands_on_the_admin(
    client, editor, elsewhere
):
    page = client.get("/admin/login/", {"next": elsewhere})
    assert page.status_code == 200
    response = client.post(
        f"/admin/login/?next={elsewhere}",
        {"username": "eddie", "password": PASSWORD, "next": elsewhere},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
