from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    """Who writes the pieces: authors' records, their admin and their names."""

    name = "authors"
