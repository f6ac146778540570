from django.urls import path

from . import member_views as views
from . import payment_views
from .benefits_views import accept, benefits, letter

# The member's own involvement pages, mounted under /me/ next to the account pages.
app_name = "my_involvement"

urlpatterns = [
    path("involvement/", views.record, name="record"),
    path("involvement/print/", views.record_print, name="record_print"),
    path("involvement/certificate/", views.certificate, name="certificate"),
    path("involvement/record.csv", views.record_csv, name="record_csv"),
    path("involvement/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("involvement/expenses/new/", views.expense_create, name="expense_create"),
    path("involvement/time/", views.time_create, name="time_create"),
    path("involvement/time/<int:pk>/", views.time_edit, name="time_edit"),
    path("involvement/expenses/<int:pk>/", views.expense_detail, name="expense_detail"),
    path("involvement/expenses/<int:pk>/receipt/", views.expense_receipt, name="expense_receipt"),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<slug:slug>/interest/", views.interest, name="interest"),
    path("opportunities/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("profile/", views.profile, name="profile"),
    path("opportunities/<slug:slug>/accept/", accept, name="offer_accept"),
    path("benefits/", benefits, name="benefits"),
    path("benefits/letters/<int:pk>/", letter, name="benefits_letter"),
    path("payment-choices/", payment_views.payment_choices, name="payment_choices"),
    path(
        "involvement/activities/<int:pk>/payment-choice/",
        payment_views.activity_payment_choice,
        name="activity_payment_choice",
    ),
]
