from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Seminar


class SeminarListSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["seminars:list"]

    def location(self, item):
        return reverse(item)


class SeminarSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Seminar.objects.filter(is_published=True).order_by("-starts_at")

    def lastmod(self, seminar):
        return seminar.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"seminars-list": SeminarListSitemap, "seminars": SeminarSitemap}
