from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "involvement"

urlpatterns = [
    path("", views.index, name="index"),
    path("thanks/", views.thanks, name="thanks"),
    # The old all-time finance export (it added approved and paid together) gave way to payment runs.
    path(
        "finance/export/",
        RedirectView.as_view(pattern_name="admin:involvement_paymentrun_changelist"),
        name="finance_export",
    ),
]
