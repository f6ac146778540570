from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("how-we-tell-you/", views.preferences, name="preferences"),
    path("<slug:slug>/", views.entry_detail, name="detail"),
    path("<slug:slug>/name/", views.set_named, name="set_named"),
]
