from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.CommunityListView.as_view(), name="list"),
    path("my-calendar/", views.calendar_page, name="calendar"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("<slug:slug>/", views.community_detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/ask-to-join/", views.visitor_request, name="visitor_request"),
    path("<slug:slug>/ask-to-join/thanks/", views.visitor_request_thanks, name="visitor_request_thanks"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/my-name/", views.named_publicly, name="named_publicly"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("<slug:slug>/meetings/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/", views.paper_download, name="paper"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path(
        "<slug:slug>/manage/members/<int:membership_pk>/role/", views.membership_role, name="membership_role"
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_pk>/<str:decision>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path("<slug:slug>/manage/requests/", views.join_requests, name="join_requests"),
    path(
        "<slug:slug>/manage/requests/<int:pk>/<str:decision>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("<slug:slug>/manage/meetings/new/", views.meeting_edit, name="meeting_create"),
    path("<slug:slug>/manage/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_update"),
    path("<slug:slug>/manage/meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/manage/meetings/<int:pk>/papers/new/", views.paper_add, name="paper_create"),
    path(
        "<slug:slug>/manage/meetings/<int:pk>/papers/<int:paper_pk>/delete/",
        views.paper_delete,
        name="paper_delete",
    ),
    path("<slug:slug>/manage/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/manage/meetings/<int:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("<slug:slug>/manage/outputs/new/", views.output_add, name="output_create"),
]
