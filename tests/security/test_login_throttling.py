"""Password guessing on the admin: ten failures from one address lock that
username out from there, the right password included, until the cool-off ends
or an operator lifts it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from newsroom.client_ip import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.7"
NEWSROOM = "198.51.100.20"


def sign_in(client, password: str, address: str = GUESSER, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "eddie", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def guess_ten_times(client, **headers) -> list[int]:
    return [sign_in(client, f"guess {n}", **headers).status_code for n in range(10)]


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_ten_failures_lock_out_even_the_right_password(client, editor):
    assert guess_ten_times(client) == [200] * 9 + [429]
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_nine_failures_do_not(client, editor):
    for n in range(9):
        sign_in(client, f"guess {n}")
    assert sign_in(client, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_lockout_page_says_what_happened_and_for_how_long(client, editor):
    guess_ten_times(client)
    response = sign_in(client, PASSWORD)
    text = response.content.decode()
    assert "Sign-in paused" in text
    assert "Too many failed sign-ins as “eddie” from your address: 10 in a row." in text
    assert "paused for 60 minutes, even with the right password" in text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_guesser_cannot_lock_the_editor_out_of_their_own_address(client, editor):
    guess_ten_times(client)
    assert sign_in(client, PASSWORD, address=NEWSROOM).status_code == 302
    assert is_signed_in(client)


def test_the_lockout_ends_with_the_cool_off(client, editor, time_machine):
    guess_ten_times(client)
    time_machine.move_to(timedelta(minutes=61))
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_operator_lifts_the_lockout_by_username(client, editor):
    guess_ten_times(client)
    call_command("axes_reset_username", "eddie")
    assert sign_in(client, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_behind_the_proxy_a_forged_forwarded_for_does_not_spread_the_guesses(
    client, editor, settings
):
    """The proxy appends the address it saw; what the client wrote before it
    is ignored, so forging it gains no fresh tries."""
    settings.PROXY_COUNT = 1
    for n in range(10):
        sign_in(
            client,
            f"guess {n}",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {GUESSER}",
        )
    forged = sign_in(
        client,
        PASSWORD,
        address="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"1.2.3.4, {GUESSER}",
    )
    assert forged.status_code == 429
    colleague = sign_in(
        client, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR=NEWSROOM
    )
    assert colleague.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "address"),
    [
        (0, f"1.2.3.4, {GUESSER}", "127.0.0.1"),
        (1, f"1.2.3.4, {GUESSER}", GUESSER),
        (1, GUESSER, GUESSER),
        (2, f"1.2.3.4, {GUESSER}, 10.0.0.2", GUESSER),
        (1, "", "127.0.0.1"),
        (2, GUESSER, "127.0.0.1"),
        (1, "not an address", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_only_from_the_trusted_proxies(
    settings, proxies, forwarded_for, address
):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for
    )
    assert client_ip(request) == address
