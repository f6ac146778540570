from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.lists import FilteredListView

from . import selectors, services
from .filters import ImpactEntryFilter
from .forms import NamedForm, PreferenceForm
from .models import Contribution


class EntryListView(FilteredListView):
    template_name = "impact/entry_list.html"
    context_object_name = "entries"
    paginate_by = 20
    filterset_class = ImpactEntryFilter
    forgiving = False  # a bad filter value is explained next to its field and every entry is shown

    def get_base_queryset(self):
        return selectors.entries_published()

    def get_filterset_kwargs(self) -> dict:
        return {"topics": selectors.entry_topics_in_use()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(standards=selectors.standards_all(), **kwargs)


entry_list = EntryListView.as_view()


def entry_detail(request, slug):
    entry = get_object_or_404(selectors.entries_published(), slug=slug)
    own = None
    if request.user.is_authenticated:
        own = next((c for c in entry.contributions.all() if c.user_id == request.user.pk), None)
    return render(request, "impact/entry_detail.html", {"entry": entry, "own": own})


@login_required
def preferences(request):
    initial = {"hear_about": selectors.hear_about_for(request.user)}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, hear_about=form.cleaned_data["hear_about"])
        messages.success(request, "Thank you. We will tell you about changes from your advice as you chose.")
        return redirect("accounts:me")
    return render(request, "impact/preferences.html", {"form": form})


@login_required
@require_POST
def set_named(request, slug):
    contribution = get_object_or_404(
        Contribution.objects.select_related("entry"), entry__slug=slug, user=request.user
    )
    form = NamedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to show your name.")
        return redirect(contribution.entry.get_absolute_url())
    services.contribution_set_named(contribution=contribution, named=form.cleaned_data["named"])
    if form.cleaned_data["named"]:
        messages.success(request, "Your name is now shown on this entry.")
    else:
        messages.success(request, "Your name is no longer shown on this entry.")
    return redirect(contribution.entry.get_absolute_url())
