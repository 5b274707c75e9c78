"""The curl examples of the README and docs/*.md, run with curl against a live
server holding the demo content: each answers the status written after `→`."""

import re
import shlex
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLE = re.compile(r"^(curl .+?)\s+#\s*→\s*(\d{3})\s*$", re.M)
DOCUMENTED_BASE = "http://127.0.0.1:8000"

pytestmark = pytest.mark.django_db(transaction=True)


def examples() -> list[tuple[str, str, int]]:
    return [
        (doc.name, command, int(status))
        for doc in DOCS
        for command, status in EXAMPLE.findall(doc.read_text(encoding="utf-8"))
    ]


def test_the_api_guide_has_examples():
    assert len([e for e in examples() if e[0] == "api.md"]) >= 10


@pytest.fixture
def demo_server(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server


def status_of(command: str, base: str) -> int:
    """What curl answers for the example's address and headers, the address
    moved from `make run`'s to the test server's."""
    words = shlex.split(command)
    headers = [
        value for flag, value in zip(words, words[1:], strict=False) if flag == "-H"
    ]
    [url] = [word for word in words if word.startswith(DOCUMENTED_BASE)]
    asked = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
    for header in headers:
        asked += ["-H", header]
    asked.append(base + url.removeprefix(DOCUMENTED_BASE))
    return int(subprocess.run(asked, capture_output=True, text=True, check=True).stdout)


def test_every_curl_example_answers_as_documented(demo_server):
    answered = [
        (doc, command, status_of(command, demo_server.url))
        for doc, command, _ in examples()
    ]
    assert answered == [(doc, command, status) for doc, command, status in examples()]
