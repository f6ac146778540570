"""A URL that always fails, to see the 500 page as a visitor would."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("Something deep down broke")


urlpatterns = [path("broken/", broken), path("", include("iau_portal.urls"))]

handler404 = "apps.pages.views.page_not_found"
handler500 = "apps.pages.views.server_error"
