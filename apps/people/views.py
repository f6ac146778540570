from django.views.generic import DetailView

from apps.core.lists import FilteredListView
from apps.core.plugins import render_block

from .filters import ProfileFilter
from .profile_sections import profile_sections
from .selectors import profiles_listed


class ProfileListView(FilteredListView):
    template_name = "people/profile_list.html"
    filterset_class = ProfileFilter
    paginate_by = 24

    def get_base_queryset(self):
        return profiles_listed()


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
