"""The background tasks' results in the admin, as staff need them: which
attempt each was, and which failures are for good (newsroom.tasks)."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


def _attempt(result: DBTaskResult) -> int:
    return result.args_kwargs.get("kwargs", {}).get("attempt", 1)


def _given_up_q() -> Q:
    """Failed on its last attempt: nothing will try it again."""
    last = Q(args_kwargs__kwargs__attempt__gte=settings.TASK_ATTEMPTS)
    if settings.TASK_ATTEMPTS <= 1:
        last = Q()
    return Q(status="FAILED") & last


def tasks_failed_for_good():
    """The tasks nothing will try again, latest first: for staff to look into."""
    return DBTaskResult.objects.filter(_given_up_q()).order_by("-finished_at", "-id")


def tasks_failed_for_good_url() -> str:
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    return f"{changelist}?{OutcomeFilter.parameter_name}=given_up"


class OutcomeFilter(admin.SimpleListFilter):
    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [("given_up", "Failed for good"), ("retried", "Failed, tried again")]

    def queryset(self, request, queryset):
        if self.value() == "given_up":
            return queryset.filter(_given_up_q())
        if self.value() == "retried":
            return queryset.filter(status="FAILED").exclude(_given_up_q())
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = [
        "task_name",
        "status",
        "outcome",
        "attempt",
        "enqueued_at",
        "finished_at",
        "queue_name",
    ]
    list_filter = [OutcomeFilter, "status", "queue_name"]

    @admin.display(description="attempt")
    def attempt(self, result: DBTaskResult) -> str:
        return f"{_attempt(result)} of {settings.TASK_ATTEMPTS}"

    @admin.display(description="outcome")
    def outcome(self, result: DBTaskResult) -> str:
        if result.status != "FAILED":
            return result.get_status_display()
        if _attempt(result) >= settings.TASK_ATTEMPTS:
            return "failed for good"
        return "failed, tried again"
