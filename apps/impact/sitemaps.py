from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .enums import EntryStatus
from .models import ImpactEntry


class ImpactLogSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["impact:list"]

    def location(self, item):
        return reverse(item)


class ImpactEntrySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED).order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"impact-log": ImpactLogSitemap(), "impact-entries": ImpactEntrySitemap()}
