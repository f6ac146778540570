"""Public impact stories at /impact/: what changed outside the unit, told in everyday words.

Only stories of public impacts that staff chose to tell (stories.stories_public); a staff-only impact's
address is a 404 to everyone, staff included, so what the public sees is the same for all.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from apps.core.emails import absolute_url
from apps.core.jsonld import json_ld
from apps.core.markdown import markdown_as_text

from . import stories


class StorySearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search the stories")


def story_list(request):
    form = StorySearchForm(request.GET or None)
    found = stories.stories_public()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        found = stories.stories_search(found, query)
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/story_list.html",
        {
            "form": form,
            "page_obj": page,
            "stories": [(story, stories.LEVEL_WORDS[story.level]) for story in page.object_list],
            "query": query,
        },
    )


def story_detail(request, slug):
    impact = stories.story_public(slug)
    if impact is None:
        raise Http404("No public story has that address.")
    return render(
        request,
        "evidence/story_detail.html",
        {
            "impact": impact,
            "level_text": stories.LEVEL_WORDS[impact.level],
            "status_text": stories.STATUS_WORDS[impact.status],
            "people": stories.story_people(impact),
            "people_reached": f"{impact.people_reached:,}" if impact.people_reached else "",
            "json_ld": _json_ld(impact),
        },
    )


def _json_ld(impact) -> str:
    """schema.org Article markup for the story. Escaped for a <script type="application/ld+json">."""
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": impact.title[:110],
            "url": absolute_url(impact.get_story_url()),
            "articleBody": markdown_as_text(impact.story),
            "dateModified": impact.updated_at.isoformat(),
            "publisher": {"@type": "Organization", "name": settings.UNIT_NAME},
        }
    )
