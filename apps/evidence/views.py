"""Impact evidence under /staff/impacts/: every page needs `evidence.view_impact` (which already needs
the second factor). Editing happens in the admin."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator

from apps.core.lists import FilteredListView
from apps.staff.access import staff_required

from . import selectors
from .filters import ImpactFilter
from .models import EvidenceItem
from .pathway import pathway_chart

VIEW = "evidence.view_impact"


def _may_view(view):
    @staff_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied("Your role does not include impact evidence.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@method_decorator(_may_view, name="dispatch")
class ImpactListView(FilteredListView):
    filterset_class = ImpactFilter
    paginate_by = 25
    template_name = "evidence/impact_list.html"
    context_object_name = "impacts"

    def get_base_queryset(self):
        return selectors.impacts_for_staff()

    def get_queryset(self):
        return super().get_queryset().distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("evidence.change_impact")
        return context


impact_list = ImpactListView.as_view()


def _get(pk):
    impact = selectors.impact_for_staff(pk)
    if impact is None:
        raise Http404("No impact has that number.")
    return impact


@_may_view
def impact_detail(request, pk):
    impact = _get(pk)
    events = selectors.impact_pathway(impact)
    chart = pathway_chart(chart_id="pathway", title=f"How it happened: {impact.title}", events=events)
    return render(
        request,
        "evidence/impact_detail.html",
        {
            "impact": impact,
            "events": events,
            "chart": chart,
            "can_change": request.user.has_perm("evidence.change_impact"),
        },
    )


@_may_view
def evidence_file(request, pk, item_pk):
    """A testimonial or document: never under a public URL, only for staff who may see impacts."""
    item = EvidenceItem.objects.filter(pk=item_pk, impact_id=pk).first()
    if item is None or not item.file:
        raise Http404("No such file.")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = FileResponse(handle, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
