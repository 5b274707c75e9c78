from django.db import migrations
from django.utils.text import get_text_list

from authors.names import name_key, split_byline
from newsroom.slugs import unique_slug


def bylines_to_authors(apps, schema_editor):
    """Every distinct byline that names people credits them as authors.

    "A and B" and "A, B and C" become authors A, B (and C) in that order, each
    found by name or created once. A byline that is nothing but those names is
    emptied, so the line is made from the authors (and linked); one that says
    more ("Karim Haddad in Cairo", "Karim Haddad and agencies") stays as the
    text shown, its people credited all the same. Agency bylines ("Staff and
    agencies", "Reuters", "AP") name no one and are left as they are.
    """
    Article = apps.get_model("articles", "Article")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    Author = apps.get_model("authors", "Author")
    authors = {author.name_key: author for author in Author.objects.all()}
    bylines = (
        Article.objects.exclude(byline="")
        .order_by("byline")
        .values_list("byline", flat=True)
        .distinct()
    )
    for byline in list(bylines):
        split = split_byline(byline)
        if not split.names:
            continue
        credited = []
        for name in split.names:
            key = name_key(name)
            if key not in authors:
                authors[key] = Author.objects.create(
                    name=name,
                    name_key=key,
                    slug=unique_slug(Author, name, fallback="author"),
                )
            credited.append(authors[key])
        pieces = Article.objects.filter(byline=byline)
        ArticleAuthor.objects.bulk_create(
            [
                ArticleAuthor(article_id=article_id, author=author, order=order)
                for article_id in pieces.values_list("pk", flat=True)
                for order, author in enumerate(credited)
            ],
            ignore_conflicts=True,
        )
        if split.whole:
            pieces.update(byline="")


def authors_to_bylines(apps, schema_editor):
    """Back: a piece credited to authors only gets their names as its byline."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(byline="", author_links__isnull=False).distinct():
        names = [
            link.author.name
            for link in article.author_links.select_related("author").order_by(
                "order", "id"
            )
        ]
        article.byline = get_text_list(names, "and")[:200]
        article.save(update_fields=["byline"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_authors_corrections"),
    ]

    operations = [
        migrations.RunPython(bylines_to_authors, authors_to_bylines),
    ]
