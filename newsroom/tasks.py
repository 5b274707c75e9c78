"""Work that follows a write without holding the writer up: background tasks.

Built on django-tasks, the backport of Django 6's tasks framework (`django.tasks`),
so moving to Django 6 changes an import, not the tasks. NEWSROOM_TASKS chooses
where they run (settings.py): `immediate`, the default, runs each one in the
process that asks for it, once the asker's transaction has committed, so a
command returns with its work done and a first run needs no worker; `database`
stores them with the write that asks for them (django-tasks-db), committed or
rolled back with it, and `manage.py db_worker` runs them.

django-tasks has no retries. A task made with `background` that raises is
enqueued again with its attempt number, after TASK_BACKOFF_SECONDS doubled at
each attempt, until TASK_ATTEMPTS attempts have failed: each failed attempt
stays in the admin (Tasks › Task results) as failed, with its traceback and
the attempt it was, and the last one is the task's failure for good. A task may
thus run more than once, or after a newer one: tasks must be idempotent.
"""

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def background(func: Callable) -> Task:
    """Make `func`, a module-level function of keyword arguments, a task that
    is retried with back-off when it raises."""

    @functools.wraps(func)
    def attempt_run(*, attempt: int = 1, **kwargs):
        try:
            return func(**kwargs)
        except Exception:
            if attempt < settings.TASK_ATTEMPTS:
                _retry_enqueue(attempt_run, attempt=attempt, kwargs=kwargs)
            else:
                logger.error(
                    "Task %s failed %d times; giving up.", func.__name__, attempt
                )
            raise

    return task(attempt_run)


def task_enqueue(task: Task, **kwargs) -> None:
    """Ask for `task` to run with `kwargs` once the caller's write is visible.

    A queued task is stored in the caller's transaction, so it exists exactly
    when the write does; an immediate one runs after the commit, in its own
    transactions, so readers get the write without waiting for it.
    """
    if isinstance(task.get_backend(), ImmediateBackend):
        transaction.on_commit(functools.partial(task.enqueue, **kwargs))
    else:
        task.enqueue(**kwargs)


def retry_delay(attempt: int) -> timedelta:
    """How long after failed `attempt` the next one runs."""
    return timedelta(seconds=settings.TASK_BACKOFF_SECONDS * 2 ** (attempt - 1))


def _retry_enqueue(function: Callable, *, attempt: int, kwargs: dict) -> None:
    # The module attribute is the Task the decorator made of `function`.
    task = import_string(f"{function.__module__}.{function.__qualname__}")
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(attempt))
    # An immediate backend cannot wait: it tries again at once.
    task.enqueue(attempt=attempt + 1, **kwargs)
