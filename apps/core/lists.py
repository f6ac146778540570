"""The filtered, paginated list every listing page uses (communities, people, publications, seminars)."""

from django.views.generic import ListView

from .filters import lenient_filterset


class FilteredListView(ListView):
    """A ListView with a FilterSet that forgives: unknown filter values are dropped and named to the
    visitor, a page number that is not a number or too big shows the nearest real page.

    Subclasses set `filterset_class`, `paginate_by`, `template_name` and give `get_base_queryset()`
    (and `get_filterset_kwargs()` for what their FilterSet needs besides the data).
    A list with `forgiving = False` (staff lists, the impact log) explains a value it does not understand
    next to its field instead, and shows the list unfiltered.
    The template gets `filter`, `ignored_filters` (labels), `is_filtered` and `page_obj` for
    `templates/core/includes/pagination.html`.
    """

    filterset_class = None
    # Filters that do not narrow the list (a sort order) do not make it "filtered".
    not_filters = ("sort",)
    forgiving = True

    def get_base_queryset(self):
        raise NotImplementedError

    def get_filterset_kwargs(self) -> dict:
        return {}

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            kwargs = {
                "queryset": self.get_base_queryset(),
                "request": self.request,
                **self.get_filterset_kwargs(),
            }
            if self.forgiving:
                self.filterset, self.ignored_filters = lenient_filterset(
                    self.filterset_class, self.request.GET, **kwargs
                )
            else:
                self.filterset, self.ignored_filters = self.filterset_class(self.request.GET, **kwargs), []
        return self.filterset

    def get_queryset(self):
        filterset = self.get_filterset()
        if not self.forgiving and not filterset.is_valid():
            return filterset.queryset  # every row; the form says next to its field what was wrong
        return filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        cleaned = filterset.form.cleaned_data
        context.update(
            filter=filterset,
            ignored_filters=[filterset.filters[name].label.lower() for name in self.ignored_filters],
            is_filtered=any(value for name, value in cleaned.items() if name not in self.not_filters),
        )
        return context
