from django.apps import AppConfig


class SectionsConfig(AppConfig):
    """The sections pieces are filed under: a vocabulary editors keep and order."""

    name = "sections"
