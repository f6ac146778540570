"""Messages to a group. Mounted at the site's root (iau_portal/urls.py), since its pages live in three
places: the staff area, a community's manage pages and the member's own area."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("staff/messages/", views.message_list, name="list"),
    path("staff/messages/new/", views.new, name="create"),
    path("staff/messages/<int:pk>/", views.detail, name="detail"),
    path("staff/messages/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/messages/<int:pk>/test/", views.send_test, name="test"),
    path("staff/messages/<int:pk>/send/", views.send, name="send"),
    path("communities/<slug:slug>/manage/messages/new/", views.community_new, name="community_new"),
    path(
        "communities/<slug:slug>/manage/messages/<int:pk>/", views.community_detail, name="community_detail"
    ),
    path(
        "communities/<slug:slug>/manage/messages/<int:pk>/edit/", views.community_edit, name="community_edit"
    ),
    path(
        "communities/<slug:slug>/manage/messages/<int:pk>/test/",
        views.community_send_test,
        name="community_test",
    ),
    path(
        "communities/<slug:slug>/manage/messages/<int:pk>/send/", views.community_send, name="community_send"
    ),
    path("me/messages/", views.me_list, name="me_list"),
    path("me/messages/<int:pk>/", views.me_detail, name="me_detail"),
]
