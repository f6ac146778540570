from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from apps.core.text_search import query_words, words_match

from .enums import HomeBlockStyle, PageStatus
from .models import HomeBlock, Page, Section


def pages_published() -> QuerySet[Page]:
    return Page.objects.filter(status=PageStatus.PUBLISHED).select_related("section")


def pages_visible_to(user) -> QuerySet[Page]:
    """Everyone sees published pages; staff who may view pages also see drafts (to preview them)."""
    if user.has_perm("pages.view_page"):
        return Page.objects.select_related("section")
    return pages_published()


def pages_in_section(section: Section | None) -> QuerySet[Page]:
    return pages_published().filter(section=section).order_by("navigation_order", "title")


def sections_with_published_pages() -> QuerySet[Section]:
    published = Page.objects.filter(status=PageStatus.PUBLISHED).order_by("navigation_order", "title")
    return (
        Section.objects.filter(pages__status=PageStatus.PUBLISHED)
        .distinct()
        .prefetch_related(Prefetch("pages", queryset=published, to_attr="published_pages"))
        .order_by("navigation_order", "title")
    )


def sections_on_home() -> QuerySet[Section]:
    featured = Page.objects.filter(status=PageStatus.PUBLISHED, is_featured=True).order_by(
        "navigation_order", "title"
    )
    return (
        Section.objects.filter(show_on_home=True)
        .prefetch_related(Prefetch("pages", queryset=featured, to_attr="featured_pages"))
        .order_by("home_order", "title")
    )


def home_blocks_published() -> QuerySet[HomeBlock]:
    return (
        HomeBlock.objects.filter(is_published=True)
        .exclude(style=HomeBlockStyle.HERO)
        .prefetch_related("items")
    )


def home_introduction() -> HomeBlock | None:
    return HomeBlock.objects.filter(is_published=True, style=HomeBlockStyle.HERO).first()


def pages_matching(query: str) -> QuerySet[Page]:
    """Published pages that contain every word of the query, those with a word in the title first."""
    matching = words_match(query, fields=["title", "summary", "body"], fuzzy_fields=["title"])
    if matching is None:
        return Page.objects.none()
    pages = pages_published().filter(matching)
    in_title = Q()
    for word in query_words(query):
        in_title |= Q(title__icontains=word)
    return pages.annotate(
        title_match=Case(When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("title_match", "navigation_order", "title")
