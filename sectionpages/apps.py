from django.apps import AppConfig


class SectionPagesConfig(AppConfig):
    """What readers see of the sections: their pages, feeds, sitemap and the
    site's navigation."""

    name = "sectionpages"
    verbose_name = "Section pages"
