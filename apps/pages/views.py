import sys
from collections import OrderedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from apps.core.middleware import database_unavailable_response, is_database_error
from apps.core.plugins import app_modules, collect_blocks, render_block

from .enums import PageStatus
from .forms import SearchForm
from .selectors import home_introduction, pages_in_section, pages_visible_to, sections_with_published_pages

SEARCH_LIMIT_PER_KIND = 20


def _home_sections(request) -> list[dict]:
    """Every app's home page blocks, in order, each rendered from its own template and context.

    The home page puts the title in an <h2>; a section's own headings start at <h3>.
    """
    return [
        {"title": section.title, "html": render_block(section.template, section.context, request)}
        for section in collect_blocks("home", "home_sections")
    ]


@require_GET
def home(request):
    return render(
        request,
        "pages/home.html",
        {"introduction": home_introduction(), "sections": _home_sections(request)},
    )


class PageListView(ListView):
    template_name = "pages/page_list.html"
    context_object_name = "sections"

    def get_queryset(self):
        return sections_with_published_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unsectioned_pages"] = pages_in_section(None)
        return context


class PageDetailView(DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return pages_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        context["is_draft"] = page.status == PageStatus.DRAFT
        context["section_pages"] = list(pages_in_section(page.section)) if page.section_id else []
        return context


@require_GET
def search(request):
    # An empty search is an invitation, not a mistake: show the form without an error.
    form = SearchForm(request.GET if request.GET.get("q", "").strip() else None)
    query = ""
    groups: OrderedDict[str, list] = OrderedDict()
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
    if query:
        for module in app_modules("search"):
            results = module.search(query, SEARCH_LIMIT_PER_KIND)
            # What only signed-in members may see (e.g. their groups' opportunities) comes from its own
            # function, so `search` itself can never leak it to a visitor.
            if request.user.is_authenticated and hasattr(module, "member_search"):
                results = [*results, *module.member_search(query, SEARCH_LIMIT_PER_KIND, request.user)]
            for result in results:
                groups.setdefault(result.kind, []).append(result)
    total = sum(len(results) for results in groups.values())
    return render(
        request,
        "pages/search.html",
        {
            "form": form,
            "query": query,
            "groups": [
                {
                    "kind": kind,
                    "results": results,
                    "anchor": f"results-{index}",
                    "maybe_more": len(results) >= SEARCH_LIMIT_PER_KIND,
                }
                for index, (kind, results) in enumerate(groups.items(), start=1)
            ],
            "total": total,
        },
    )


def site_sitemaps() -> dict:
    """Every app's sitemaps, with addresses on the scheme of SITE_URL (https behind a proxy too)."""
    protocol = urlsplit(settings.SITE_URL).scheme or None
    combined = {}
    for module in app_modules("sitemaps"):
        for name, sitemap in module.sitemaps().items():
            instance = sitemap() if isinstance(sitemap, type) else sitemap
            instance.protocol = protocol
            combined[name] = instance
    return combined


@require_GET
def sitemap(request):
    return sitemap_view(request, sitemaps=site_sitemaps())


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /me/",
        "Disallow: /accounts/",
        "Disallow: /notifications/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", {"search_form": SearchForm()}, status=404)


@requires_csrf_token
def server_error(request):
    # No context processors or database: whatever broke may be the database itself.
    if is_database_error(sys.exc_info()[1]):
        return database_unavailable_response()
    context = {"site_name": settings.SITE_NAME, "contact_email": contact_email()}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def contact_email() -> str:
    """Where the public write to the unit (a setting, so it needs no database)."""
    return settings.CONTACT_EMAIL
