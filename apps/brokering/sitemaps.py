from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import answered_published


class AskSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["brokering:ask", "brokering:answered_list"]

    def location(self, item):
        return reverse(item)


class AnsweredQuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return answered_published().prefetch_related(None).order_by("number")

    def lastmod(self, question):
        return question.updated_at


def sitemaps() -> dict[str, Sitemap]:
    return {"ask": AskSitemap(), "answered-questions": AnsweredQuestionSitemap()}
