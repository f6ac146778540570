from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import pages_published


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return pages_published().order_by("slug")

    def lastmod(self, page):
        return page.updated_at


class MainSitemap(Sitemap):
    """The home page and the list of guides; the other apps list their own pages."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["pages:home", "pages:list"]

    def location(self, name):
        return reverse(name)


def sitemaps() -> dict[str, Sitemap]:
    return {"main": MainSitemap, "pages": PageSitemap}
