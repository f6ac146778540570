from django.urls import path, re_path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    re_path(r"^export\.(?P<fmt>bib|ris)$", views.publication_list_export, name="export"),
    path("import/", views.publication_import, name="import"),
    path("import/confirm/", views.publication_import_confirm, name="import_confirm"),
    re_path(r"^(?P<key>[-\w]+)/export\.(?P<fmt>bib|ris)$", views.publication_export, name="item_export"),
    path("<str:key>/", views.publication_detail, name="detail"),
]
