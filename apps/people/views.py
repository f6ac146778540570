from django.views.generic import DetailView, ListView

from apps.core.plugins import render_block

from .filters import ProfileFilter, lenient_filterset
from .profile_sections import profile_sections
from .selectors import profiles_listed


class ProfileListView(ListView):
    template_name = "people/profile_list.html"
    paginate_by = 24

    def get_queryset(self):
        self.filterset, self.ignored_filters = lenient_filterset(
            ProfileFilter, self.request.GET, queryset=profiles_listed(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["ignored_filters"] = self.ignored_filters
        context["is_filtered"] = any(
            self.filterset.form.cleaned_data.get(name) for name in ProfileFilter.base_filters
        )
        return context


class ProfileDetailView(DetailView):
    template_name = "people/profile_detail.html"
    context_object_name = "profile"

    def get_queryset(self):
        return profiles_listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each app's section template renders the body; this page gives every section its heading.
        context["sections"] = [
            (section, render_block(section.template, section.context, self.request))
            for section in profile_sections(self.object)
        ]
        return context
