from django.contrib.sitemaps import Sitemap

from .models import Profile


class ProfileSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Profile.objects.filter(is_listed=True).order_by("slug")

    def lastmod(self, obj):
        return obj.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"people": ProfileSitemap}
