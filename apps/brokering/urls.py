from django.urls import path

from . import views

app_name = "brokering"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("thanks/", views.thanks, name="thanks"),
    path("status/<str:token>/", views.status, name="status"),
    path("answered/", views.answered_list, name="answered_list"),
    path("answered/<int:number>/", views.answered_detail, name="answered_detail"),
]
