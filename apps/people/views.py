from django.views.generic import DetailView, ListView

from .models import Profile


class ProfileListView(ListView):
    queryset = Profile.objects.filter(is_listed=True).prefetch_related("roles", "expertise")
    template_name = "people/profile_list.html"
    paginate_by = 24


class ProfileDetailView(DetailView):
    queryset = Profile.objects.filter(is_listed=True).prefetch_related("roles", "expertise")
    template_name = "people/profile_detail.html"
