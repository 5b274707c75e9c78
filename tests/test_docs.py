"""Every command, address and setting the README and docs/*.md name exists.

Generic over every Markdown file in docs/, so a new page is checked as soon as
it is added: `manage.py <command>` anywhere, and the first cell of a table
whose first column is "command", against `manage.py help`'s commands; `make
<target>` against the Makefile; a backticked `/path/` (or a local address in
a link or code block) against the URL conf with resolve(); a backticked
UPPER_CASE name against the settings and the environment variables the code
reads.
"""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.urls import Resolver404, resolve

from newsroom import health

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

CODE = re.compile(r"`([^`\n]+)`")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
MANAGE = re.compile(r"manage\.py[ \t]+([a-z][a-z0-9_]*)")
MAKE = re.compile(r"(?<![\w.-])make[ \t]+([a-z][a-z-]*)")
LOCAL_URL = re.compile(
    r"https?://(?:127\.0\.0\.1|localhost)(?::\d+)?(/[^\s'\"`)>]*[^\s'\"`)>.,;:])"
)
ENVIRONMENT = re.compile(
    r"(?:environ(?:\.get)?\(|environ\[|getenv\(|env_\w+\(|setenv\(|settings,)"
    r"\s*[\"']([A-Z][A-Z0-9_]+)"
)
# A module constant, or an app setting's default (`"RELATED_KEEP": 20,`).
CONSTANT = re.compile(r"^\s*[\"']?([A-Z][A-Z0-9_]+)[\"']?\s*[:=]", re.M)
SETTING = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# Where a backticked path is a file, not an address of the site.
SITE_FILES = (".xml", ".txt", ".json", ".ico")
FILE_ROOTS = ("/usr/", "/tmp/", "/etc/", "/var/", "/srv/", "/home/", "/opt/", "/dev/")
# Placeholders docs write in addresses, and what stands in for them.
PLACEHOLDERS = [
    (re.compile(r"\[\+…\]|\[\+\.\.\.\]"), ""),
    (re.compile(r"<[^>]+>|\{[^}]+\}|…"), "x"),
]


def read(doc: Path) -> str:
    return doc.read_text(encoding="utf-8")


def code_in(text: str) -> str:
    """The inline code and code blocks of a Markdown text: where commands are."""
    return "\n".join([*CODE.findall(text), *FENCED.findall(text)])


def named_commands(text: str) -> set[str]:
    names = set(MANAGE.findall(code_in(text)))
    in_table = False
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|"):
            in_table = False
        elif cells[0].lower() == "command":
            in_table = True
        elif in_table and not set(cells[0]) <= set("-: "):
            names.update(re.findall(r"^`([a-z][a-z0-9_]*)", cells[0]))
    return names


def named_paths(text: str) -> set[str]:
    paths = {code.split()[0] for code in CODE.findall(text) if code.startswith("/")}
    paths |= set(LOCAL_URL.findall(text))
    return {
        path
        for path in paths
        if not path.startswith(FILE_ROOTS)
        and ("." not in path.rsplit("/", 1)[-1] or path.endswith(SITE_FILES))
    }


def resolves(path: str) -> bool:
    """An address of a view, a health check (answered by a middleware), or under
    the static files' or media's prefix."""
    address = as_address(path)
    if address in health.PATHS:
        return True
    if address.startswith((f"/{settings.STATIC_URL.strip('/')}/", "/media/")):
        return True
    try:
        resolve(address)
    except Resolver404:
        return False
    return True


def as_address(path: str) -> str:
    path = urlsplit(path).path
    for pattern, stand_in in PLACEHOLDERS:
        path = pattern.sub(stand_in, path)
    return path


def known_names() -> set[str]:
    """Settings (with the database's options), the project's module constants,
    and the environment variables its code and Makefile read."""
    names = {name for name in dir(settings) if name.isupper()}
    names.update(settings.DATABASES["default"])
    for source in ROOT.glob("*/**/*.py"):
        if not {".venv", "node_modules", "tests"} & set(source.parts):
            text = read(source)
            names.update(ENVIRONMENT.findall(text), CONSTANT.findall(text))
    makefile = read(ROOT / "Makefile")
    names.update(re.findall(r"^([A-Z][A-Z0-9_]+)\s*[?:]?=", makefile, re.M))
    names.update(re.findall(r"\$\(([A-Z][A-Z0-9_]+)\)", makefile))
    return names


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", read(ROOT / "Makefile"), re.M))


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_command_named_exists(doc):
    text = read(doc)
    commands = set(get_commands())
    assert named_commands(text) - commands == set()
    assert set(MAKE.findall(code_in(text))) - make_targets() == set()


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_address_named_resolves(doc):
    unresolved = [path for path in named_paths(read(doc)) if not resolves(path)]
    assert sorted(unresolved) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_setting_named_exists(doc):
    named = {code for code in CODE.findall(read(doc)) if SETTING.match(code)}
    assert named - known_names() == set()


def test_the_commands_match_manage_py_help():
    """get_commands() is what `manage.py help` lists."""
    listed = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert set(listed) == set(get_commands())


def test_the_checks_catch_what_does_not_exist():
    text = (
        "Run `manage.py frobnicate`, open `/no/such/page/` and set `NEWSROOM_NOTHING`."
    )
    assert named_commands(text) == {"frobnicate"}
    assert named_paths(text) == {"/no/such/page/"}
    assert not resolves("/no/such/page/")
    assert resolves("/entities/<a>+<b>[+…]/")
    assert "NEWSROOM_NOTHING" not in known_names()


def test_every_variable_of_the_configuration_table_is_read():
    """The README's table lists environment variables the code really reads."""
    readme = read(ROOT / "README.md")
    table = readme[readme.index("## Configuration") :].split("\n## ", 1)[0]
    variables = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", table, re.M))
    read_by_code = {
        name
        for source in ROOT.glob("*/**/*.py")
        if not {".venv", "node_modules", "tests"} & set(source.parts)
        for name in ENVIRONMENT.findall(read(source))
    }
    assert len(variables) > 20
    assert variables - read_by_code == set()
