from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("waiting-email/", views.waiting_email, name="waiting_email"),
    path("impact/", views.dashboard, name="impact"),
    path("impact/report/", views.report, name="impact_report"),
    path("impact/csv.zip", views.csv_zip, name="impact_zip"),
    path("impact/<slug:slug>.csv", views.figure_csv, name="impact_csv"),
    path("readability/", views.readability, name="readability"),
]
