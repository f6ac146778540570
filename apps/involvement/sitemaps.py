from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class InvolvementSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["involvement:index"]

    def location(self, item):
        return reverse(item)


def sitemaps() -> dict[str, Sitemap]:
    return {"involvement": InvolvementSitemap()}
