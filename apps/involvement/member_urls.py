from django.urls import path  # noqa: F401

# The member's own involvement pages, mounted under /me/ next to the account pages.
app_name = "my_involvement"

urlpatterns = []
