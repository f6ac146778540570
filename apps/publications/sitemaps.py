from django.contrib.sitemaps import Sitemap

from .models import Publication


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Publication.objects.filter(is_public=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"publications": PublicationSitemap}
