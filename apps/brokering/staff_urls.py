"""The brokers' queue, included at /staff/requests/ (behind the staff area's two-factor sign-in)."""

from django.urls import path

from . import staff_views

app_name = "requests"

urlpatterns = [
    path("", staff_views.queue, name="list"),
    path("<int:number>/", staff_views.detail, name="detail"),
    path("<int:number>/decide/", staff_views.decide, name="decide"),
    path("<int:number>/assign/", staff_views.assign, name="assign"),
    path("<int:number>/start/", staff_views.start, name="start"),
    path("<int:number>/notes/", staff_views.add_note, name="add_note"),
    path("<int:number>/links/", staff_views.set_links, name="set_links"),
    path("<int:number>/answer/", staff_views.answer, name="answer"),
    path("<int:number>/close/", staff_views.close, name="close"),
    path("<int:number>/publish/", staff_views.publish, name="publish"),
]
