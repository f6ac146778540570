from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("pages/", views.PageListView.as_view(), name="list"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
    path("search/", views.search, name="search"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
