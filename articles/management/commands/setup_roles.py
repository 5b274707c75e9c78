from django.core.management.base import BaseCommand

from articles.roles import roles_setup


class Command(BaseCommand):
    help = "Creates or updates the Reporters and Editors groups and their permissions."

    def handle(self, *args, **options):
        groups = ", ".join(
            f"{group} ({count} permissions)" for group, count in roles_setup().items()
        )
        self.stdout.write(
            f"Set up {groups}: give each staff user a group on their own page in "
            "the admin (Users → the user → Groups), with “Staff status” ticked to "
            "sign in."
        )
