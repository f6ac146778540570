"""Impact evidence in the staff area, included at /staff/impacts/ (behind the two-factor sign-in)."""

from django.urls import path

from . import views

app_name = "impacts"

urlpatterns = [
    path("", views.impact_list, name="list"),
    path("<int:pk>/", views.impact_detail, name="detail"),
    path("<int:pk>/evidence/<int:item_pk>/file/", views.evidence_file, name="evidence_file"),
    # Answers to "Did it help?" and "Did you?"; changes they report are proposed here as impacts.
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/accept/", views.follow_up_accept, name="follow_up_accept"),
    path("follow-ups/<int:pk>/dismiss/", views.follow_up_dismiss, name="follow_up_dismiss"),
]
