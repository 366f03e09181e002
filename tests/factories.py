import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from publications.models import Article, ArticleAuthor, Attachment, Author, Series

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class NamedInTwoLanguages:
    """`name=` stores the name in the language it is written in (publications.languages);
    `name_ko=` / `name_en=` set one language's name and replace the generated `name`."""

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if kwargs.get("name_ko") or kwargs.get("name_en"):
            kwargs.pop("name", None)
        return kwargs


class SeriesFactory(NamedInTwoLanguages, factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class AuthorFactory(NamedInTwoLanguages, factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    title = "Professor"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, public since yesterday, unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary."
    body = "<p>Body text.</p>"
    language = "en"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    article = factory.SubFactory(ArticleFactory)
    title = "The Full Text"
    original_name = "The Full Text.pdf"
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="the-full-text.pdf"))
