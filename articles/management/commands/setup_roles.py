from django.core.management.base import BaseCommand

from articles.roles import roles_setup


class Command(BaseCommand):
    help = "Creates or updates the Reporters and Editors groups and their permissions."

    def handle(self, *args, **options):
        groups = ", ".join(
            f"{group} ({count} permissions)" for group, count in roles_setup().items()
        )
        self.stdout.write(
            f"Set up {groups}: add staff users to a group in the admin "
            "(Users → Groups); they also need “Staff status” to log in."
        )
