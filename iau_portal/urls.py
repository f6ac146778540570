import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from apps.core.views import media
from apps.evidence import views as evidence_views

admin.site.site_header = "IAU Portal administration"
admin.site.site_title = "IAU Portal admin"
admin.site.index_title = "Manage the portal"
# Staff sign in to the admin the same way as everyone else (allauth: rate limits, login by code).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.pages.urls")),
    # Messages to a group: /staff/messages/, /communities/<slug>/manage/messages/, /me/messages/.
    path("", include("apps.messaging.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("apps.accounts.urls")),
    path("me/", include("apps.involvement.member_urls")),
    path("communities/", include("apps.communities.urls")),
    path("people/", include("apps.people.urls")),
    path("publications/", include("apps.publications.urls")),
    # Before seminars/: "Did you?" three months after a seminar belongs to the evidence app.
    path(
        "seminars/did-you/<str:token>/",
        evidence_views.seminar_follow_up_answer,
        name="seminar_follow_up_answer",
    ),
    path("seminars/", include("apps.seminars.urls")),
    # Before involvement/: the impact log lives under it but is its own app.
    path("involvement/impact/", include("apps.impact.urls")),
    path("involvement/", include("apps.involvement.urls")),
    # Stories of what changed outside the unit (the evidence app's public impacts), not the log above.
    path("impact/", include("apps.evidence.story_urls")),
    # Before staff/: the brokers' queue is part of the staff area but belongs to the brokering app.
    path("staff/requests/", include("apps.brokering.staff_urls")),
    # Before staff/impacts/: impact case studies, built from impacts (apps/evidence/case_studies).
    path("staff/impacts/case-studies/", include("apps.evidence.case_studies.urls")),
    # Before staff/: impact evidence is shown in the staff area but belongs to the evidence app.
    path("staff/impacts/", include("apps.evidence.urls")),
    path("staff/", include("apps.staff.urls")),
    # Before ask/: "Did it help?" follow-ups belong to the evidence app (the link in the email is the key).
    path("ask/follow-up/<str:token>/", evidence_views.follow_up_answer, name="follow_up_answer"),
    path("ask/", include("apps.brokering.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("admin/", admin.site.urls),
    # Public uploads (photos, open-access files, slides), served safely in production as in development.
    re_path(rf"^{re.escape(settings.MEDIA_URL.strip('/'))}/(?P<path>.+)$", media, name="media"),
]

handler404 = "apps.pages.views.page_not_found"
handler500 = "apps.pages.views.server_error"
