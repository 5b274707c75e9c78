import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from articles.related.models import RelatedArticle
from newsroom.tasks import retry_delay
from tests.ops.flaky import always_fails, fails_once

pytestmark = pytest.mark.django_db

T0 = datetime(2018, 1, 29, 12, tzinfo=UTC)
ACTORS = ["Hamas", "Hezbollah", "Iran", "Israel", "Fatah"]


@pytest.fixture
def actors(entity_factory):
    return [entity_factory(name=name) for name in ACTORS]


@pytest.fixture
def queued(settings):
    """The production configuration: tasks wait in the database for db_worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_BACKOFF_SECONDS = 0


def pieces_file(path, count, *, prefix="piece"):
    """`count` published pieces, each naming two of the actors, a day apart."""
    lines = [
        json.dumps(
            {
                "slug": f"{prefix}-{n}",
                "headline": f"Piece {n}",
                "status": "published",
                "publish_at": (T0 + timedelta(days=n)).isoformat(),
                "entities": [ACTORS[n % 5], ACTORS[(n + 2) % 5]],
            }
        )
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_file(path) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def worker_run() -> None:
    """As `manage.py db_worker` runs in production, until no task is ready.

    It closes connections not in autocommit, as outside a request Django does:
    the tests that run it commit for real (transaction=True)."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )


def assert_every_list_precomputed(slugs):
    pieces = Article.objects.filter(slug__in=slugs)
    assert pieces.count() == len(slugs)
    assert not pieces.filter(related_refreshed_at=None).exists()
    listed = set(RelatedArticle.objects.values_list("article__slug", flat=True))
    assert listed >= set(slugs)


def test_a_big_import_returns_with_every_list_precomputed(
    actors, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Past the old "too many to refresh" limit, with no worker (the default),
    the import's pieces have their lists when the command returns."""
    settings.RELATED_REFRESH_MAX = 20
    with django_capture_on_commit_callbacks(execute=True):
        output = import_file(pieces_file(tmp_path / "big.jsonl", 120))
    assert "imported 120 articles (120 created" in output
    assert "rebuild_related" not in output
    assert_every_list_precomputed([f"piece-{n}" for n in range(120)])


@pytest.mark.django_db(transaction=True)
def test_a_big_import_into_a_bigger_corpus_is_refreshed_piece_by_piece(
    actors, settings, queued, tmp_path
):
    """Below RELATED_REBUILD_SHARE of the corpus, the new pieces are refreshed
    in tasks of RELATED_REFRESH_MAX and put into the older pieces' lists."""
    settings.RELATED_REFRESH_MAX = 20
    settings.RELATED_REBUILD_SHARE = 0.5
    import_file(pieces_file(tmp_path / "old.jsonl", 200, prefix="old"))
    worker_run()
    import_file(pieces_file(tmp_path / "new.jsonl", 30, prefix="new"))
    paths = DBTaskResult.objects.ready().values_list("task_path", flat=True)
    assert list(paths) == ["articles.related.refresh.related_refresh_task"] * 2
    worker_run()
    assert_every_list_precomputed([f"new-{n}" for n in range(30)])
    assert RelatedArticle.objects.filter(
        article__slug__startswith="old", related__slug__startswith="new"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_an_import_queues_tasks_that_db_worker_runs(
    actors, settings, queued, tmp_path
):
    settings.RELATED_REFRESH_MAX = 20
    output = import_file(pieces_file(tmp_path / "big.jsonl", 120))
    assert "rebuild_related" not in output
    assert DBTaskResult.objects.ready().count() == 1
    assert Article.objects.filter(related_refreshed_at=None).count() == 120
    worker_run()
    assert DBTaskResult.objects.successful().count() == 1
    assert_every_list_precomputed([f"piece-{n}" for n in range(120)])


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_then_failed_for_good(settings, queued):
    settings.TASK_ATTEMPTS = 3
    always_fails.enqueue(label="boom")
    worker_run()
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["FAILED"] * 3
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in results] == [1, 2, 3]
    assert all("Broken: boom" in r.traceback for r in results)


@pytest.mark.django_db(transaction=True)
def test_a_task_failing_once_succeeds_on_its_retry(settings, queued):
    fails_once.enqueue(key="outage")
    worker_run()
    assert [r.status for r in DBTaskResult.objects.order_by("enqueued_at")] == [
        "FAILED",
        "SUCCESSFUL",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_retry_waits_longer_after_each_failure(settings, queued):
    settings.TASK_BACKOFF_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    always_fails.enqueue(label="later")
    worker_run()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    waited = retry.run_after - DBTaskResult.objects.get(status="FAILED").finished_at
    assert timedelta(seconds=29) < waited <= timedelta(seconds=31)


def test_without_a_worker_a_failing_task_is_retried_at_once(settings):
    settings.TASK_ATTEMPTS = 2
    assert fails_once.enqueue(key="immediate").status == "FAILED"
    # The retry ran inside the failed attempt, and succeeded.
    assert fails_once.enqueue(key="immediate").return_value == "done"


@pytest.mark.django_db(transaction=True)
def test_editors_see_which_tasks_failed_for_good(client, settings, queued, editor):
    settings.TASK_ATTEMPTS = 2
    always_fails.enqueue(label="boom")
    fails_once.enqueue(key="passing")
    worker_run()
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "Background tasks" in index
    url = "/admin/django_tasks_database/dbtaskresult/"
    assert url in index
    # The desk says so too, and links to the task.
    assert "Background tasks that failed" in index
    assert "always fails" in index and "fails once" not in index
    page = client.get(url, {"outcome": "given_up"}).content.decode()
    assert page.count("failed for good") == 1
    assert "always_fails" in page
    assert "fails_once" not in page
    everything = client.get(url).content.decode()
    assert everything.count("failed, tried again") == 2
    assert everything.count("failed for good") == 1
