"""The site's settings with one more address, the trivial view run_load.py
measures beside the article page (benchmarks/load/urls.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load.urls"
