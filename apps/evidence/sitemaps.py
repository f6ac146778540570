"""The sitemap (/sitemap.xml): the list of stories and each public story, never a staff-only impact."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .stories import stories_public


class StoryListSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["stories:list"]

    def location(self, item):
        return reverse(item)


class StorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return stories_public().order_by("pk")

    def location(self, story):
        return story.get_story_url()

    def lastmod(self, story):
        return story.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"impact-stories-list": StoryListSitemap(), "impact-stories": StorySitemap()}
