from django.urls import reverse

from articles.models import Article
from articles.views import FrontView

from .queries import find_section


class SectionView(FrontView):
    """A section's front: its pinned pieces, then its other public pieces,
    newest first. A section without a public piece is a 404, like a slug
    nobody has."""

    template_name = "sectionpages/section_detail.html"

    def get(self, request, *args, **kwargs):
        self.section = find_section(self.kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def articles(self):
        return Article.objects.filter(section=self.section)

    def get_context_data(self, **kwargs):
        slug = {"slug": self.section.slug}
        return super().get_context_data(
            section=self.section,
            feed_url=reverse("sections:feed", kwargs=slug),
            atom_url=reverse("sections:atom", kwargs=slug),
            **kwargs,
        )
