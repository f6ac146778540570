"""The filtered, paginated list every listing page uses (communities, people, publications, seminars)."""

from django.views.generic import ListView

from .filters import lenient_filterset


class FilteredListView(ListView):
    """A ListView with a FilterSet that forgives: unknown filter values are dropped and named to the
    visitor, a page number that is not a number or too big shows the nearest real page.

    Subclasses set `filterset_class`, `paginate_by`, `template_name` and give `get_base_queryset()`.
    The template gets `filter`, `ignored_filters` (labels), `is_filtered` and `page_obj` for
    `templates/core/includes/pagination.html`.
    """

    filterset_class = None
    # Filters that do not narrow the list (a sort order) do not make it "filtered".
    not_filters = ("sort",)

    def get_base_queryset(self):
        raise NotImplementedError

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset, self.ignored_filters = lenient_filterset(
                self.filterset_class,
                self.request.GET,
                queryset=self.get_base_queryset(),
                request=self.request,
            )
        return self.filterset

    def get_queryset(self):
        return self.get_filterset().qs

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
