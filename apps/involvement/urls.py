from django.urls import path

from . import views

app_name = "involvement"

urlpatterns = [
    path("", views.index, name="index"),
    path("thanks/", views.thanks, name="thanks"),
    path("finance/export/", views.finance_export, name="finance_export"),
]
