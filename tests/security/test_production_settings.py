"""Production is configured by the environment alone and passes Django's
deployment checks; behind the TLS proxy it redirects to HTTPS and pins it."""

import json
import subprocess

from django.core.management.utils import get_random_secret_key

from tests.manage import manage

# Plain HTTP, then HTTPS as the proxy reports it; robots.txt needs no database.
REQUESTS = """
import json
from django.test import Client
client = Client(headers={"host": "news.example"})
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", headers={"x-forwarded-proto": "https"})
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security")],
}))
"""


def production(*command: str, **env: str) -> subprocess.CompletedProcess:
    return manage(
        *command,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="news.example",
        # Whatever database the suite runs on, these requests must not need one.
        DATABASE_URL="sqlite://:memory:",
        **env,
    )


def test_the_deployment_checks_pass_with_no_warning():
    result = production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_behind_the_proxy_plain_http_is_redirected_and_https_pinned():
    result = production("shell", "--no-imports", "-c", REQUESTS)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["plain"] == [301, "https://news.example/robots.txt"]
    assert answers["secure"] == [200, "max-age=31536000; includeSubDomains; preload"]


def test_hsts_is_configurable_for_a_first_rollout():
    result = production(
        "shell",
        "--no-imports",
        "-c",
        REQUESTS,
        DJANGO_HSTS_SECONDS="300",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_HSTS_PRELOAD="false",
    )
    assert json.loads(result.stdout)["secure"] == [200, "max-age=300"]
