"""What a workflow save costs against a plain Django save of the same piece.

A workflow save (articles.workflow.article_save) checks the editor's rights,
claims the next version with a conditional UPDATE and keeps a revision of the
piece and its actor links. The baseline is Django's own Model.save of the same
article, which does none of that.

    .venv/bin/python benchmarks/workflow_save.py [--saves 300] [--actors 12]

Runs on a fresh SQLite file in a temporary folder unless DATABASE_URL is set
(then that database gets migrated and one article and user added).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/workflow-bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import models  # noqa: E402

from articles import workflow  # noqa: E402
from articles.models import Article, Status  # noqa: E402
from entities.models import Entity  # noqa: E402


def timed(save, article: Article, saves: int) -> float:
    start = time.perf_counter()
    for number in range(saves):
        article.body = f"Revision {number} of the text."
        save(article)
    return (time.perf_counter() - start) / saves * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--actors", type=int, default=12)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    editor, _ = get_user_model().objects.get_or_create(
        username="benchmark-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    article = Article.objects.create(
        headline="Benchmark piece", status=Status.PUBLISHED
    )
    article.entities.add(
        *(
            Entity.objects.get_or_create(name=f"Bench actor {n}")[0]
            for n in range(options.actors)
        )
    )
    plain = timed(models.Model.save, article, options.saves)
    article.refresh_from_db()
    checked = timed(
        lambda a: workflow.article_save(article=a, by=editor), article, options.saves
    )
    print(f"{options.saves} saves of a piece with {options.actors} actors")
    print(f"baseline (plain Model.save): {plain:.2f} ms a save")
    print(f"workflow article_save:       {checked:.2f} ms a save")
    print(f"ratio vs baseline:           {checked / plain:.1f}x")


if __name__ == "__main__":
    main()
