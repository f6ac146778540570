"""Impact evidence in the staff area, included at /staff/impacts/ (behind the two-factor sign-in)."""

from django.urls import path

from . import views

app_name = "impacts"

urlpatterns = [
    path("", views.impact_list, name="list"),
    path("<int:pk>/", views.impact_detail, name="detail"),
    path("<int:pk>/evidence/<int:item_pk>/file/", views.evidence_file, name="evidence_file"),
]
