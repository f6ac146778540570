"""The case study builder, included at /staff/impacts/case-studies/ (behind the two-factor sign-in)."""

from django.urls import path

from . import views

app_name = "case_studies"

urlpatterns = [
    path("", views.case_study_list, name="list"),
    path("new/", views.case_study_create, name="create"),
    path("<int:pk>/", views.case_study_detail, name="detail"),
    path("<int:pk>/edit/", views.case_study_update, name="update"),
    path("<int:pk>/print/", views.case_study_print, name="print"),
    path("<int:pk>.docx", views.case_study_word, name="docx"),
    path("<int:pk>/versions/", views.case_study_versions, name="versions"),
    path("<int:pk>/versions/<int:version_id>/", views.case_study_version, name="version"),
]
