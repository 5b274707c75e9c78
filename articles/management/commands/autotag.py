from django.core.management.base import BaseCommand, CommandError

from articles.autotagging import articles_autotag
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Find known actors' names and aliases in articles' headline, standfirst and "
        "body, and list the tags missing (or add them with --apply). A name shared "
        "by several actors is listed as a choice and never applied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Add the unambiguous missing tags."
        )
        parser.add_argument(
            "--article",
            nargs="+",
            default=[],
            metavar="SLUG",
            help="Only these articles (default: all).",
        )

    def handle(self, *args, apply, article, **options):
        articles = Article.objects.order_by("slug")
        if article:
            articles = articles.filter(slug__in=article)
            missing = sorted(
                set(article) - set(articles.values_list("slug", flat=True))
            )
            if missing:
                raise CommandError(f"No article with slug {', '.join(missing)}.")
        results = articles_autotag(articles=articles.iterator(), apply=apply)
        added = 0
        for result in results:
            self.stdout.write(f"{result.article.slug}:")
            for suggestion in result.suggestions:
                texts = ", ".join(
                    f"“{text}” ×{count}" for text, count in suggestion.found_as
                )
                if suggestion.is_choice:
                    candidates = " or ".join(
                        f"{e.name} ({e.get_kind_display().lower()}, {e.slug})"
                        for e in suggestion.candidates
                    )
                    self.stdout.write(f"  ? choose: {candidates} — {texts}")
                else:
                    entity = suggestion.entity
                    mark = "+ added" if apply else "+"
                    self.stdout.write(
                        f"  {mark} {entity.name} ({entity.slug}) — {texts}"
                    )
                    added += 1
        verb = "added" if apply else "missing"
        self.stdout.write(
            f"{len(results)} articles with suggestions, {added} tags {verb}."
        )
