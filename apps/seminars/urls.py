from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("", views.SeminarListView.as_view(), name="list"),
    path("feed.ics", views.seminars_feed, name="feed"),
    path("registration/<str:token>/cancel/", views.registration_cancel_view, name="cancel"),
    path("registration/<str:token>/stop-emails/", views.registration_stop_emails_view, name="stop_emails"),
    path("feedback/<str:token>/", views.feedback_view, name="feedback"),
    path("certificate/<int:pk>/", views.attendance_certificate, name="certificate"),
    path("certificate/link/<str:token>/", views.attendance_certificate_link, name="certificate_link"),
    path("<slug:slug>/", views.seminar_detail, name="detail"),
    path("<slug:slug>/register/", views.seminar_register, name="register"),
    path("<slug:slug>/registered/", views.seminar_registered, name="registered"),
    path("<slug:slug>/event.ics", views.seminar_event_ics, name="event_ics"),
]
