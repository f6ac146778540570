"""Public impact stories, included at /impact/ (the "you said, we did" log is apps/impact, at
/involvement/impact/: a different thing)."""

from django.urls import path

from . import story_views

app_name = "stories"

urlpatterns = [
    path("", story_views.story_list, name="list"),
    path("<slug:slug>/", story_views.story_detail, name="detail"),
]
