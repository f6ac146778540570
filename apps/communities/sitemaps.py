from django.contrib.sitemaps import Sitemap

from .models import Community


class CommunitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Community.objects.filter(is_active=True).order_by("name")

    def lastmod(self, community):
        return community.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"communities": CommunitySitemap}
