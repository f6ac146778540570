from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.core.emails import absolute_url
from apps.core.filters import lenient_filterset
from apps.core.jsonld import json_ld
from apps.core.lists import FilteredListView
from apps.core.plugins import page_sections

from .crossref import CrossrefError, crossref_fetch
from .filters import PublicationFilter
from .formats import PublicationDraft, citation_vancouver, to_bibtex, to_ris
from .forms import ImportForm
from .selectors import (
    publication_by_key,
    publication_versions,
    publications_for_export,
    publications_for_export_in_chunks,
    publications_public,
)
from .services import import_check, publication_history, publications_import

EXPORT_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", to_bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", to_ris),
}
IMPORT_SESSION_KEY = "publications_import_drafts"


def _filtered(request, queryset=None):
    queryset = publications_public() if queryset is None else queryset
    return lenient_filterset(PublicationFilter, request.GET, queryset=queryset, request=request)


class PublicationListView(FilteredListView):
    template_name = "publications/publication_list.html"
    filterset_class = PublicationFilter
    paginate_by = 20

    def get_base_queryset(self):
        return publications_public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        for name in self.ignored_filters:
            query.pop(name, None)
        context.update(
            export_query=query.urlencode(),
            search_words=self.filterset.form.cleaned_data.get("q", ""),
        )
        return context


def _export(publications, fmt: str, filename: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    content_type, render_format = EXPORT_FORMATS[fmt]
    response = HttpResponse(render_format(publications), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _export_parts(chunks, fmt: str):
    """The file in parts, one per chunk of publications; entries are separated by a blank line."""
    used_keys: set[str] = set()
    for number, chunk in enumerate(chunks):
        part = to_bibtex(chunk, used_keys=used_keys) if fmt == "bib" else to_ris(chunk)
        yield part if number == 0 else "\n" + part


def publication_list_export(request, fmt: str):
    """The filtered list as one file, streamed: the first bytes leave at once and memory stays flat."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset, _ = _filtered(request, publications_for_export())
    content_type, _ = EXPORT_FORMATS[fmt]
    response = StreamingHttpResponse(
        _export_parts(publications_for_export_in_chunks(filterset.qs), fmt), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="iau-publications.{fmt}"'
    return response


def _get_publication(key: str):
    publication = publication_by_key(key)
    if publication is None:
        raise Http404("No such publication.")
    return publication


def publication_export(request, key: str, fmt: str):
    publication = _get_publication(key)
    # Long slugs are shortened at a hyphen, so the file name ends on a whole word.
    filename = publication.slug if len(publication.slug) <= 60 else publication.slug[:61].rsplit("-", 1)[0]
    return _export([publication], fmt, filename)


def _json_ld(publication, citation: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if "report" in publication.type else "ScholarlyArticle",
        "headline": publication.title[:110],
        "name": publication.title,
        "author": [
            {
                "@type": "Person",
                "name": author.full_name,
                "familyName": author.family_name,
                **({"givenName": author.given_name} if author.given_name else {}),
                **(
                    {"url": absolute_url(author.profile.get_absolute_url())}
                    if author.profile_id and author.profile.is_listed
                    else {}
                ),
            }
            for author in publication.authors.all()
        ],
        "datePublished": f"{publication.year}-{publication.month:02d}"
        if publication.month
        else str(publication.year),
        "url": absolute_url(publication.get_absolute_url()),
        "citation": citation,
        "creativeWorkStatus": publication.get_status_display(),
    }
    if publication.venue:
        periodical = {"@type": "Periodical", "name": publication.venue}
        if publication.volume:
            data["isPartOf"] = {
                "@type": "PublicationVolume",
                "volumeNumber": publication.volume,
                "isPartOf": periodical,
            }
        else:
            data["isPartOf"] = periodical
    if publication.pages:
        data["pagination"] = publication.pages
    if publication.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
        data["sameAs"] = publication.doi_url
    if publication.abstract:
        data["abstract"] = publication.abstract
    if publication.topics.all():
        data["keywords"] = ", ".join(topic.name for topic in publication.topics.all())
    return json_ld(data)


def publication_detail(request, key: str):
    publication = _get_publication(key)
    if key != publication.slug:
        return redirect(publication.get_absolute_url(), permanent=True)
    citation = citation_vancouver(publication)
    return render(
        request,
        "publications/publication_detail.html",
        {
            "publication": publication,
            "authors": list(publication.authors.all()),
            "citation": citation,
            "bibtex": to_bibtex([publication]),
            "ris": to_ris([publication]),
            "json_ld": _json_ld(publication, citation),
            "history": publication_history(publication),
            "versions": publication_versions(publication),
            # What other apps add about it (the stories of what it changed), without importing them.
            "page_sections": page_sections(publication, request),
        },
    )


# ---------------------------------------------------------------- import for staff


def staff_with_add_permission(view):
    """Visitors are sent to sign in; signed-in people need to be staff with permission to add publications."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("publications.add_publication"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _drafts_from_form(form) -> tuple[list[PublicationDraft], list[str]]:
    drafts = list(form.cleaned_data.get("file") or [])
    errors = []
    for doi in form.cleaned_data.get("dois") or []:
        try:
            drafts.append(crossref_fetch(doi))
        except CrossrefError as error:
            errors.append(str(error))
    return drafts, errors


@staff_with_add_permission
def publication_import(request):
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            drafts, fetch_errors = _drafts_from_form(form)
            if drafts:
                request.session[IMPORT_SESSION_KEY] = [draft.to_dict() for draft in drafts]
                return render(
                    request,
                    "publications/import_preview.html",
                    {"candidates": import_check(drafts), "fetch_errors": fetch_errors},
                )
            for error in fetch_errors:
                form.add_error("dois", error)
    else:
        form = ImportForm()
    return render(request, "publications/import_form.html", {"form": form})


@require_POST
@staff_with_add_permission
def publication_import_confirm(request):
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        messages.error(request, "That import has expired. Please upload the file or paste the DOIs again.")
        return redirect("publications:import")
    candidates = import_check([PublicationDraft.from_dict(item) for item in stored])
    chosen = set(request.POST.getlist("chosen"))
    drafts = [c.draft for index, c in enumerate(candidates) if str(index) in chosen and c.can_import]
    if not drafts:
        messages.error(request, "Nothing was chosen, so nothing was added.")
        return render(
            request, "publications/import_preview.html", {"candidates": candidates, "fetch_errors": []}
        )
    created = publications_import(drafts=drafts)
    del request.session[IMPORT_SESSION_KEY]
    plural = "s" if len(created) != 1 else ""
    messages.success(
        request,
        f"Added {len(created)} publication{plural} as draft{plural}. Each stays out of the public library "
        "until it has a plain-language summary and “Shown in the public library” is ticked.",
    )
    return redirect(reverse("admin:publications_publication_changelist"))
