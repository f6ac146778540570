from django.urls import path

from . import views

app_name = "accounts"

# Mounted at /me/. The "Your data" URLs are bookmarked and linked from past emails: keep them.
urlpatterns = [
    path("", views.me, name="me"),
    path("account/", views.profile, name="profile"),
    path("data/", views.data, name="data"),
    path("data/download.json", views.data_download, name="data_download"),
    path("data/erase/", views.erase, name="erase"),
]
