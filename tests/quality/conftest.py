"""The reader pages that outside checkers judge, and the content they show.

Every page type is one line of PAGES: the HTML validator, the accessibility
check and the page-weight check all run over the whole list.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from entities.models import Entity
from images.models import Image

PROJECT_DIR = Path(__file__).resolve().parents[2]
NODE_MODULES = PROJECT_DIR / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"

PAGES = {
    "home": "/",
    # Two authors and a correction at the top.
    "article": "/articles/netanyahu-putin-moscow-talks/",
    "updated article": "/articles/israel-strikes-syria-after-iranian-drone-downed/",
    # Pieces in another language than the site's, one of them right to left.
    "article in German": "/articles/netanjahu-putin-moskau-iran-syrien/",
    "article in Arabic": "/articles/masr-tamdid-fath-maabar-rafah/",
    "related coverage": "/articles/netanyahu-putin-moscow-talks/related/",
    "actor": "/entities/hezbollah/",
    "actor index": "/entities/",
    "actor index by letter": "/entities/?kind=person&letter=B",
    "combined actors": "/entities/hamas+hezbollah/",
    "combined actors without coverage": "/entities/egypt+vladimir-putin/",
    "author": "/authors/elena-sokolova/",
    "author index": "/authors/",
    "section": "/sections/security/",
    # Pinned, then ranked pieces, each saying what it shares with the topic.
    "topic": "/topics/hamas-hezbollah-iran/",
    "topic newest first": "/topics/hamas-hezbollah-iran/?order=newest",
    "topic index": "/topics/",
    "corrections": "/corrections/",
    "search with results": "/search/?q=missiles",
    "search without a query": "/search/",
    "search without results": "/search/?q=zzzzqqq",
    "not found": "/no-such-page/",
}
NOT_FOUND_PAGES = {"not found"}


@pytest.fixture
def reader_site(settings):
    """The demo pieces and actors, as a first run of the site shows them,
    lead images and card pictures included; and one actor with a portrait."""
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    Entity.objects.filter(slug="hezbollah").update(image=Image.objects.first())
    return PAGES
