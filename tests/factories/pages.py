import datetime

import factory

from apps.pages.enums import HomeBlockStyle, PageStatus
from apps.pages.models import HomeBlock, HomeBlockItem, Page, Section


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    summary = "Guides for people who want to know more."


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Guide number {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    section = factory.SubFactory(SectionFactory)
    summary = "A short guide in plain English."
    body = "## Why it matters\n\nResearch helps patients when it is used."
    status = PageStatus.PUBLISHED
    last_reviewed = datetime.date(2026, 10, 1)


class HomeBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeBlock

    title = factory.Sequence(lambda n: f"Home block {n}")
    style = HomeBlockStyle.CARDS
    order = 10


class HomeBlockItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeBlockItem

    block = factory.SubFactory(HomeBlockFactory)
    title = factory.Sequence(lambda n: f"Way to take part {n}")
    text = "Come and meet us."
    link_url = "/involvement/"
